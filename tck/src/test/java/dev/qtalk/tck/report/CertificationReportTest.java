package dev.qtalk.tck.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtalk.tck.report.RuleResult.Kind;
import dev.qtalk.tck.report.RuleResult.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict's arithmetic, and reports that stay valid whatever the messages contain. */
class CertificationReportTest {

  static RuleResult rule(String id, Kind kind, Status status, String reason) {
    return new RuleResult(id, "title of " + id, "suite", kind, status, reason, 1, Map.of());
  }

  static CertificationReport report(RuleResult... rules) {
    return new CertificationReport("t", "[HALF_CLOSE]", Map.of("java.version", "25"), Instant.EPOCH, List.of(rules));
  }

  @Test
  void certifiedNeedsEveryRequiredAndStochasticPassAndNoDeclaredOptionalFailure() {
    RuleResult pass = rule("OA-1", Kind.REQUIRED, Status.PASS, "");
    assertThat(report(pass, rule("CR-9", Kind.OPTIONAL, Status.SKIP, "needs RESET")).certified()).isTrue();
    assertThat(report(pass, rule("DI-2", Kind.REQUIRED, Status.FAIL, "x")).certified()).isFalse();
    assertThat(report(pass, rule("DI-2", Kind.REQUIRED, Status.SKIP, "x")).certified())
        .as("a skipped required rule is not a pass")
        .isFalse();
    assertThat(report(pass, rule("CC-3", Kind.STOCHASTIC, Status.FAIL, "19/20")).certified()).isFalse();
    assertThat(report(pass, rule("CR-9", Kind.OPTIONAL, Status.FAIL, "declared but broken")).certified()).isFalse();
    assertThat(report(pass, rule("CR-9", Kind.OPTIONAL, Status.SKIP, "")).requiredSummary()).isEqualTo("1/1");
  }

  @Test
  void jsonStaysValidAndMarkdownTablesStayIntact() throws Exception {
    String nasty = "expected \"a|b\"\n\tbut was \\ \u0001";
    CertificationReport r =
        report(
            rule("DI-2", Kind.REQUIRED, Status.FAIL, nasty),
            new RuleResult("CC-3", "race", "CC", Kind.STOCHASTIC, Status.PASS, "", 5, Map.of("passRate", "20/20")));
    JsonNode json = new ObjectMapper().readTree(ReportWriter.json(r));
    assertThat(json.get("certified").asBoolean()).isFalse();
    assertThat(json.get("rules").get(0).get("reason").asText()).isEqualTo(nasty);
    assertThat(json.get("rules").get(1).get("notes").get("passRate").asText()).isEqualTo("20/20");
    String md = ReportWriter.markdown(r);
    assertThat(md).contains("**Result: NOT CERTIFIED**");
    String row = md.lines().filter(l -> l.startsWith("| DI-2 ")).findFirst().orElseThrow();
    assertThat(row).contains("a\\|b").doesNotContain("\n");
  }
}
