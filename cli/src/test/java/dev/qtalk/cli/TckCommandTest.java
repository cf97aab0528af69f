package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code qtalk tck} certifies a real transport in a child JVM; {@code transports --reports} tabulates it. */
@Timeout(600)
class TckCommandTest {
  @Test
  void certifiesATransportWithAProgressLinePerGroupAndTheReportPath(@TempDir Path dir) throws Exception {
    Path reports = dir.resolve("reports");
    Qtalk.Result r = Qtalk.run("tck", "--listen", "mem:cli-tck", "--capabilities", "HALF_CLOSE",
        "--report-dir", reports.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    for (String group : new String[] {"OA", "DI", "FC", "HC", "CR", "CC", "TO", "RL"}) {
      assertThat(r.out()).containsPattern("(?m)^" + group + " +\\d+ pass +0 fail +\\d+ skip$");
    }
    assertThat(r.out()).contains("mem: CERTIFIED (required rules passed 53/53");
    String last = r.out().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).startsWith("report: ").endsWith("mem.md");
    Path md = Path.of(last.substring("report: ".length()));
    assertThat(md).exists();
    assertThat(Files.readString(md)).contains("**Result: CERTIFIED**");

    Qtalk.Result table = Qtalk.run("transports", "--reports", reports.toString());
    assertThat(table.exit()).as(table.toString()).isZero();
    assertThat(table.out()).contains("| transport | result | required rules passed |");
    assertThat(table.out()).containsPattern("(?m)^\\| `mem` \\| certified \\| 53/53 \\| \\d+ \\| 0 \\| \\d+ \\| HALF_CLOSE \\|$");
  }

  @Test
  void findsTheTransportInTheJarsGiven(@TempDir Path dir) throws Exception {
    // a qtalk whose own class path lacks the qmux transport: only --jar brings mem:
    String[] entries = Qtalk.classPath().split(File.pathSeparator);
    String qmux = Arrays.stream(entries).filter(e -> e.contains("transport-qmux")).findFirst().orElseThrow();
    String without = Qtalk.classPathWithout(e -> e.contains("transport-qmux") || e.contains("transport-ssh"));
    Path reports = dir.resolve("reports");
    try (Qtalk q = Qtalk.startWith(without, null, "tck", "--listen", "mem:x", "--only", "OA",
        "--report-dir", reports.toString())) {
      Qtalk.Result r = q.finish();
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.out()).contains("no transport for scheme 'mem'").contains("add dev.qtalk:qtalk-transport-qmux");
    }
    try (Qtalk q = Qtalk.startWith(without, null, "tck", "--listen", "mem:x", "--only", "OA",
        "--jar", qmux, "--report-dir", reports.toString())) {
      Qtalk.Result r = q.finish();
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).containsPattern("(?m)^OA +\\d+ pass +0 fail +\\d+ skip$").contains("PARTIAL RUN");
    }
  }

  @Test
  void badArgumentsExitWithTwo() throws Exception {
    Qtalk.Result r = Qtalk.run("tck");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).contains("--listen").contains("qtalk tck --help");

    r = Qtalk.run("tck", "--listen", "mem:x", "--jar", "/no/such.jar");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("qtalk tck: --jar /no/such.jar: no such file (expected: a jar or a class folder)");
  }
}
