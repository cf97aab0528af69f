package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged command: {@code java -jar target/qtalk.jar} and the {@code ./qtalk} launcher at the
 * repository's root, run as processes after {@code package}.
 */
@Timeout(300)
class PackagedCommandIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = ROOT.resolve("cli/target/qtalk.jar");
  private static final String JAVA_HOME = System.getProperty("java.home");

  record Run(int exit, String out, String err) {}

  static Run run(Map<String, String> env, List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
    pb.environment().remove("JAVA_HOME");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> err = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        err.completeExceptionally(e);
      }
    });
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("exited").isTrue();
    return new Run(p.exitValue(), out, err.get(60, TimeUnit.SECONDS));
  }

  @Test
  void theFatJarRunsOnItsOwn() throws Exception {
    assertThat(JAR).exists();
    String java = Path.of(JAVA_HOME, "bin", "java").toString();
    Run r = run(Map.of(), List.of(java, "-jar", JAR.toString(), "transports"));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("(?m)^qmux\\+tcp +5 +yes").containsPattern("(?m)^ssh +5 +yes");

    // the kit and its JUnit engine are inside: a partial run certifies nothing but runs rules
    Path reports = Files.createTempDirectory("qtalk-it");
    r = run(Map.of(), List.of(java, "-jar", JAR.toString(), "tck", "--listen", "mem:it", "--only", "DI",
        "--report-dir", reports.toString()));
    assertThat(r.out()).as(r.toString()).containsPattern("(?m)^DI +\\d+ pass +\\d+ fail +\\d+ skip$");
  }

  @Test
  void theLauncherFindsAJdk21ViaJavaHomeThenThePath() throws Exception {
    Map<String, String> jar = Map.of("QTALK_JAR", JAR.toString(), "QTALK_JDK_SEARCH", "");
    Run viaHome = run(merge(jar, Map.of("JAVA_HOME", JAVA_HOME, "PATH", "/usr/bin:/bin")), List.of("./qtalk", "--version"));
    assertThat(viaHome.exit()).as(viaHome.toString()).isZero();
    assertThat(viaHome.out().strip()).isEqualTo("qtalk 0.1.0");

    Run viaPath = run(merge(jar, Map.of("PATH", JAVA_HOME + "/bin:/usr/bin:/bin")), List.of("./qtalk", "--version"));
    assertThat(viaPath.exit()).as(viaPath.toString()).isZero();
    assertThat(viaPath.out().strip()).isEqualTo("qtalk 0.1.0");
  }

  @Test
  void theLauncherSaysClearlyWhenNoJdk21IsFound() throws Exception {
    Path old = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    Map<String, String> env = Map.of("QTALK_JAR", JAR.toString(), "QTALK_JDK_SEARCH", "", "PATH", "/nonexistent:/bin");
    if (Files.isExecutable(old.resolve("bin/java"))) {
      env = merge(env, Map.of("JAVA_HOME", old.toString()));
    }
    Run r = run(env, List.of("bash", "./qtalk", "--version"));
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("qtalk: needs a JDK 21 or newer, and found none.")
        .contains("set JAVA_HOME to it");
    if (env.containsKey("JAVA_HOME")) {
      assertThat(r.err()).contains("tried: " + old + "/bin/java (Java 17)");
    }
  }

  private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
    Map<String, String> m = new java.util.HashMap<>(a);
    m.putAll(b);
    return m;
  }
}
