package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

  @ParameterizedTest(name = "{0}")
  @CsvSource({"true", "cat >/dev/null"})
  void failsAgainstACommandThatIsNotTheService(String command) {
    int exit = new CommandLine(new Main()).execute("check", "--codec", "json", command);
    assertThat(exit).isNotZero();
  }
}
