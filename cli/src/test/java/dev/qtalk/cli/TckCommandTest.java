package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qtalk tck} certifies a real transport in a child JVM (with {@code --rpc}, the rpc suite
 * too); {@code transports --reports} tabulates it.
 */
@Timeout(600)
class TckCommandTest {
  @Test
  void certifiesATransportWithAProgressLinePerGroupAndTheReportPath(@TempDir Path dir) throws Exception {
    Path reports = dir.resolve("reports");
    Qtalk.Result r = Qtalk.run("tck", "--listen", "mem:cli-tck", "--capabilities", "HALF_CLOSE",
        "--report-dir", reports.toString());
    // the verdict is the transport's; the command must report it consistently
    Matcher verdict = Pattern.compile("(?m)^mem: (CERTIFIED|NOT CERTIFIED) \\(required rules passed (\\d+/\\d+);")
        .matcher(r.out());
    assertThat(verdict.find()).as(r.toString()).isTrue();
    boolean certified = verdict.group(1).equals("CERTIFIED");
    assertThat(r.exit()).as(r.toString()).isEqualTo(certified ? 0 : 1);
    for (String group : new String[] {"OA", "DI", "FC", "HC", "CR", "CC", "TO", "RL"}) {
      assertThat(r.out()).containsPattern("(?m)^" + group + " +\\d+ pass +\\d+ fail +\\d+ skip$");
    }
    String last = r.out().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).startsWith("report: ").endsWith("mem.md");
    Path md = Path.of(last.substring("report: ".length()));
    assertThat(md).exists();
    assertThat(Files.readString(md)).contains("**Result: " + verdict.group(1) + "**");

    Qtalk.Result table = Qtalk.run("transports", "--reports", reports.toString());
    assertThat(table.exit()).as(table.toString()).isZero();
    assertThat(table.out()).contains("| transport | result | required rules passed |");
    assertThat(table.out()).containsPattern("(?m)^\\| `mem` \\| " + (certified ? "certified" : "\\*\\*not certified\\*\\*")
        + " \\| " + verdict.group(2) + " \\| \\d+ \\| \\d+ \\| \\d+ \\| HALF_CLOSE[^|]* \\|$");
  }

  @Test
  void withRpcAlsoCertifiesTheRpcSuiteAndExitsZeroOnlyIfBothCertify(@TempDir Path dir) throws Exception {
    Path reports = dir.resolve("reports");
    Qtalk.Result r = Qtalk.run("tck", "--listen", "mem:cli-tck-rpc", "--capabilities", "HALF_CLOSE", "--rpc",
        "--report-dir", reports.toString());
    Pattern verdictOf = Pattern.compile("(?m)^(mem|mem-rpc): (CERTIFIED|NOT CERTIFIED) \\(required rules passed \\d+/\\d+;");
    Matcher verdict = verdictOf.matcher(r.out());
    java.util.Map<String, Boolean> certified = new java.util.TreeMap<>();
    while (verdict.find()) {
      certified.put(verdict.group(1), verdict.group(2).equals("CERTIFIED"));
    }
    assertThat(certified).as(r.toString()).containsOnlyKeys("mem", "mem-rpc");
    assertThat(r.exit()).as(r.toString()).isEqualTo(certified.values().stream().allMatch(c -> c) ? 0 : 1);
    assertThat(r.out()).containsPattern("(?m)^CR +\\d+ pass +\\d+ fail +\\d+ skip$");
    assertThat(r.out()).containsPattern("(?m)^RPC +\\d+ pass +\\d+ fail +\\d+ skip$");
    assertThat(reports.resolve("mem.md")).exists();
    assertThat(reports.resolve("mem-rpc.md")).exists();
    String last = r.out().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).startsWith("report: " + reports.toAbsolutePath()).endsWith(".md");
  }

  @Test
  void findsTheTransportInTheJarsGiven(@TempDir Path dir) throws Exception {
    // a qtalk whose own class path lacks the qmux transport: only --jar brings mem:
    String[] entries = Qtalk.classPath().split(File.pathSeparator);
    String qmux = Arrays.stream(entries).filter(e -> e.contains("transport-qmux")).findFirst().orElseThrow();
    String without = Qtalk.classPathWithout(e -> e.contains("transport-qmux") || e.contains("transport-ssh"));
    Path reports = dir.resolve("reports");
    try (Qtalk q = Qtalk.startWith(without, null, "tck", "--listen", "mem:x", "--only", "DI",
        "--report-dir", reports.toString())) {
      Qtalk.Result r = q.finish();
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.out()).contains("no transport for scheme 'mem'").contains("add dev.qtalk:qtalk-transport-qmux");
    }
    try (Qtalk q = Qtalk.startWith(without, null, "tck", "--listen", "mem:x", "--only", "DI",
        "--jar", qmux, "--report-dir", reports.toString())) {
      Qtalk.Result r = q.finish();
      assertThat(r.out()).as(r.toString()).containsPattern("(?m)^DI +\\d+ pass +\\d+ fail +\\d+ skip$")
          .contains("PARTIAL RUN of [DI]");
      assertThat(r.exit()).as(r.toString()).isEqualTo(r.out().contains("selected rules passed") ? 0 : 1);
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
