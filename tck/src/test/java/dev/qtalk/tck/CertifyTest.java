package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Way in (b): the no-code runner, started as its own JVM with nothing but a class path and a
 * scheme, certifies the toy transport (found through ServiceLoader) and exits with the verdict.
 */
@Timeout(600)
class CertifyTest {

  /** Runs Certify in a fresh JVM with smaller heavy sizes; returns its exit code and output. */
  static Object[] certify(String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Dqtalk.tck.bulkBytes=64M", "-Dqtalk.tck.cycles=5000"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Certify.class.getName()));
    cmd.addAll(List.of(args));
    File log = File.createTempFile("certify", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    try {
      assertThat(p.waitFor(500, TimeUnit.SECONDS)).as("Certify finished").isTrue();
      return new Object[] {p.exitValue(), Files.readString(log.toPath())};
    } finally {
      p.destroyForcibly();
      log.delete();
    }
  }

  @Test
  void certifiesTheToyTransportWithNoTestCode() throws Exception {
    Path dir = Path.of("target/tck-reports/certify");
    Object[] r =
        certify(
            "--listen", "toy:certify",
            "--capabilities", "HALF_CLOSE,CONFIGURABLE_WINDOW,CONFIGURABLE_BACKLOG",
            "--name", "toy-by-certify",
            "--report-dir", dir.toString());
    assertThat((String) r[1]).contains("PASS  OA-1 ").contains("toy-by-certify: CERTIFIED");
    assertThat((Integer) r[0]).as("exit status; output:\n%s", r[1]).isZero();
    assertThat(Files.readString(dir.resolve("toy-by-certify.md"))).contains("**Result: CERTIFIED**");
    assertThat(Files.readString(dir.resolve("toy-by-certify.json"))).contains("\"certified\": true");
  }

  @Test
  void rpcRunsTheRpcSuiteToo() throws Exception {
    Path dir = Path.of("target/tck-reports/certify-rpc");
    Object[] r =
        certify(
            "--listen", "toy:certify-rpc", "--capabilities", "HALF_CLOSE", "--rpc", "--only", "OA-1,RPC-1,RPC-4",
            "--name", "toy-rpc-by-certify", "--report-dir", dir.toString());
    assertThat((String) r[1]).contains("PASS  OA-1 ").contains("PASS  RPC-1 ").contains("PASS  RPC-4 ");
    assertThat((Integer) r[0]).as("exit status; output:\n%s", r[1]).isZero();
    assertThat(dir.resolve("toy-rpc-by-certify-rpc.md")).exists();
  }

  @Test
  void aCapabilityTheTransportLacksFailsTheRun() throws Exception {
    Object[] r =
        certify(
            "--listen", "toy:certify-reset", "--capabilities", "HALF_CLOSE,RESET", "--only", "CR-9,OA-1",
            "--report-dir", "target/tck-reports/certify-partial");
    assertThat((String) r[1]).contains("FAIL  CR-9 ").contains("PASS  OA-1 ").contains("selected rules FAILED");
    assertThat((Integer) r[0]).as("exit status; output:\n%s", r[1]).isEqualTo(1);
  }

  @Test
  void anUnknownSchemeIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Certify.run(
            new String[] {"--listen", "nosuch://127.0.0.1:0"},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no transport for scheme 'nosuch'");
  }
}
