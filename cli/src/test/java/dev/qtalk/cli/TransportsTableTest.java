package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qtalk transports --bench}: each scheme's bulk ratio from a benchmark run's JSON, alone and
 * as a column of the certification table; and the table of docs/transports.md is its output.
 */
@Timeout(120)
class TransportsTableTest {
  private static final Path BENCH = Path.of("..", "docs", "bench", "bench-full.json");

  /** The bulk result of {@code scheme} against {@code baseline} in the committed run. */
  private static JsonNode result(String scheme, String baseline) throws Exception {
    for (JsonNode r : new ObjectMapper().readTree(BENCH.toFile()).get("results")) {
      if (r.get("group").asText().startsWith("bulk") && r.get("scenario").asText().equals(scheme)
          && r.get("baseline").asText().equals(baseline)) {
        return r;
      }
    }
    throw new AssertionError("no bulk result for " + scheme + " against " + baseline + " in " + BENCH);
  }

  private static String ratio(JsonNode r) {
    return String.format(Locale.ROOT, "%.2f", r.get("ratio").asDouble());
  }

  @Test
  void listsEachSchemesBulkRatioAgainstItsRawBaselineAndTheRun() throws Exception {
    Qtalk.Result r = Qtalk.run("transports", "--bench", BENCH.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    // qmux+tcp is measured against gRPC too: the raw socket is the one shown
    JsonNode tcp = result("qmux+tcp", "raw TCP socket");
    assertThat(r.out()).containsPattern("(?m)^\\| `qmux\\+tcp` \\| \\d+ MB/s \\| raw TCP socket \\| \\d+ MB/s \\| "
        + Pattern.quote(ratio(tcp)) + " \\| >= 0\\.90 \\|$");
    assertThat(r.out().lines().filter(l -> l.startsWith("| `qmux+tcp`"))).hasSize(1);
    assertThat(r.out()).contains("| `quic` |").contains("| `ssh` |").contains("| `qmux+ssh` |");
    String finished = new ObjectMapper().readTree(BENCH.toFile()).get("finished").asText();
    assertThat(r.out()).contains("from the full benchmark run finished " + finished);
  }

  @Test
  void addsTheRatioColumnToTheCertificationTable(@TempDir Path dir) throws Exception {
    // reports named as the kit names them: by test class (Tcp, QmuxSsh) or, from qtalk tck, by scheme
    report(dir, "Tcp");
    report(dir, "QmuxSsh");
    report(dir, "quic");
    report(dir, "TcpRpc");
    Qtalk.Result r = Qtalk.run("transports", "--reports", dir.toString(), "--bench", BENCH.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("| capabilities declared | bulk ratio |");
    assertThat(r.out()).containsPattern("(?m)^\\| `Tcp` \\|.*\\| " + Pattern.quote(ratio(result("qmux+tcp", "raw TCP socket")))
        + " vs raw TCP socket \\|$");
    assertThat(r.out()).containsPattern("(?m)^\\| `QmuxSsh` \\|.*\\| "
        + Pattern.quote(ratio(result("qmux+ssh", "raw MINA channel, aes128-gcm@openssh.com"))) + " vs raw MINA");
    assertThat(r.out()).containsPattern("(?m)^\\| `quic` \\|.*\\| " + Pattern.quote(ratio(result("quic", "raw Netty QUIC stream"))) + " vs ");
    assertThat(r.out()).containsPattern("(?m)^\\| `TcpRpc` \\|.* \\| - \\|$");
    assertThat(r.out()).contains("Benchmark ratios from the full benchmark run finished ");
  }

  @Test
  void aMissingBenchFileIsABadCommandLine() throws Exception {
    Qtalk.Result r = Qtalk.run("transports", "--bench", "/no/such.json");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).contains("--bench /no/such.json: no such file");
  }

  @Test
  void theTableOfTheDocsPageIsTheCommandsOutput() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "transports.md"));
    Matcher m = Pattern.compile("(?s)<!-- generated: qtalk transports --bench docs/bench/bench-full.json -->\\n(.*?)<!-- end generated -->")
        .matcher(page);
    assertThat(m.find()).as("the generated block of docs/transports.md").isTrue();
    Qtalk.Result r = Qtalk.run("transports", "--bench", BENCH.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(m.group(1).stripTrailing())
        .as("docs/transports.md is out of date: paste the output of qtalk transports --bench docs/bench/bench-full.json")
        .isEqualTo(r.out().stripTrailing());
  }

  private static void report(Path dir, String transport) throws Exception {
    Files.writeString(dir.resolve(transport + ".json"), """
        {"transport": "%s", "certified": true, "requiredPassed": "2/2", "capabilities": "[HALF_CLOSE]",
         "environment": {}, "rules": [{"status": "PASS"}, {"status": "PASS"}, {"status": "SKIP"}]}
        """.formatted(transport));
  }
}
