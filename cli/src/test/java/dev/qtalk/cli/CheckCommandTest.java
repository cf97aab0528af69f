package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code qtalk check} drives {@code qtalk interop} in a real child process over its stdio. */
@Timeout(120)
class CheckCommandTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"json, qtalk", "cbor, duplex"})
  void checksTheInteropServiceInAChildProcess(String codec, String dialect) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String child = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' dev.qtalk.cli.Main interop";
    int exit = new CommandLine(new Main()).execute("check", "--codec", codec, "--dialect", dialect, child);
    assertThat(exit).isZero();
  }

  @ParameterizedTest(name = "{0} {1} over a URI")
  @CsvSource({"json, qtalk", "cbor, duplex"})
  void checksTheInteropServiceServedAtAUri(String codec, String dialect) throws Exception {
    try (Qtalk server = Qtalk.start("serve", "qmux+tcp://127.0.0.1:0", "--interop")) {
      String uri = server.listeningUri();
      Qtalk.Result r = Qtalk.run("check", "--codec", codec, "--dialect", dialect, uri);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).contains("interop checks passed (" + codec + ", " + dialect + ")");
    }
  }

  @Test
  void aUriWhereNothingListensExitsWithThree() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Qtalk.Result r = Qtalk.run("check", "qmux+tcp://127.0.0.1:" + port);
    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    assertThat(r.err().strip()).startsWith("qtalk check: ");
  }

  @Test
  void tellsAUriFromACommand() {
    assertThat(CheckCommand.isUri("qmux+tcp://127.0.0.1:7000")).isTrue();
    assertThat(CheckCommand.isUri("mem:x")).isTrue();
    assertThat(CheckCommand.isUri("./qtalk interop")).isFalse();
    assertThat(CheckCommand.isUri("qtalk interop")).isFalse();
    assertThat(CheckCommand.isUri("true")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"true", "cat >/dev/null"})
  void failsAgainstACommandThatIsNotTheService(String command) {
    int exit = new CommandLine(new Main()).execute("check", "--codec", "json", command);
    assertThat(exit).isNotZero();
  }
}
