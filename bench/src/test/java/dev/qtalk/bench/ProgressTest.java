package dev.qtalk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bench's progress: plain lines for logs, one status line redrawn in place on a terminal. */
class ProgressTest {
  private static final String CLEAR = "\r\033[2K";

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainOutputHasALinePerGroupAndNumbersTheScenarios() {
    Progress p = new Progress(out, false, 3);
    assertThat(p.log()).isSameAs(out);
    p.group("bulk");
    assertThat(p.scenarioDone()).isEqualTo(1);
    assertThat(p.scenarioDone()).isEqualTo(2);
    p.group("rpc unary");
    p.scenarioFailed();
    assertThat(p.status()).matches("\\[##-] 2/3 rpc unary, 2 scenarios done, 1 failed, \\d+ s");
    p.finish();
    assertThat(printed()).doesNotContain("\r").doesNotContain("\033");
    assertThat(printed().lines()).hasSize(2);
    assertThat(printed().lines().toList().get(0)).matches("\\[#--] 1/3 bulk, 0 scenarios done, \\d+ s");
    assertThat(printed().lines().toList().get(1)).matches("\\[##-] 2/3 rpc unary, 2 scenarios done, \\d+ s");
  }

  @Test
  void onATerminalTheStatusLineStaysBelowWhatElseIsPrinted() {
    Progress p = new Progress(out, true, 2);
    p.group("bulk");
    String status = p.status();
    assertThat(status).matches("\\[#-] 1/2 bulk, 0 scenarios done, \\d+ s");
    assertThat(printed()).isEqualTo("== bulk\n" + CLEAR + status);

    bytes.reset();
    p.log().println("  a scenario's own line");
    assertThat(printed()).isEqualTo(CLEAR + "  a scenario's own line\n" + status);

    bytes.reset();
    p.scenarioDone();
    assertThat(p.status()).startsWith("[#-] 1/2 bulk, 1 scenario done");
    assertThat(printed()).isEqualTo(CLEAR + p.status());

    bytes.reset();
    p.finish();
    p.log().println("the final table");
    assertThat(p.status()).isEmpty();
    assertThat(printed()).isEqualTo(CLEAR + "the final table\n");
  }
}
