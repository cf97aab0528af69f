package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code qtalk bench} as a process: not on a terminal, its progress is plain lines, then the table. */
@Timeout(180)
class BenchCommandTest {
  @Test
  void printsAProgressLinePerGroupNumberedScenariosAndTheRatioTable(@TempDir Path out) throws Exception {
    Qtalk.Result r = Qtalk.run("bench", "--quick", "--only", "idle", "--out", out.toString());
    assertThat(r.out()).as(r.toString()).doesNotContain("\r").doesNotContain("\033");
    assertThat(r.out()).containsPattern("(?m)^\\[#] 1/1 idle footprint, 0 scenarios done, \\d+ s$");
    assertThat(r.out()).containsPattern("(?m)^\\[  1]  idle footprint +heap per idle qmux\\+tcp session");
    assertThat(r.out()).containsPattern("(?m)^\\[  2]  idle footprint +heap per idle channel");
    assertThat(r.out()).containsPattern("(?m)^\\[  3]  idle footprint +heap per idle qmux\\+ws session");
    assertThat(r.out()).containsPattern("(?m)^group +\\| qtalk +\\| +qtalk unit +\\| baseline");
    assertThat(r.out()).containsPattern("(?m)^3 scenarios in \\d+ s, 0 failed; wrote ");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(out.resolve("bench-quick.json")).exists();
  }
}
