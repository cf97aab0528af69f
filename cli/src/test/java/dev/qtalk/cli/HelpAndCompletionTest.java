package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command's {@code --help}, the top-level errors, and the generated shell completion. */
@Timeout(120)
class HelpAndCompletionTest {
  /** Every command but the generated completion script, as {@link Main} registers them. */
  static Stream<String> commands() {
    return Main.commandLine().getSubcommands().keySet().stream().filter(c -> !c.equals("generate-completion"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void helpShowsExamplesAndExitCodes(String command) throws Exception {
    Qtalk.Result r = Qtalk.run(command, "--help");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Usage: qtalk " + command).contains("Exit codes:")
        .contains("  2   bad command line, or no transport for the URI's scheme")
        .contains("Examples:").containsPattern("(?m)^  qtalk .*" + Pattern.quote(command));
  }

  @Test
  void everyCommandsSummaryIsOneWholeSentence() {
    // the top-level list shows each command's first description line: it must stand on its own
    Main.commandLine().getSubcommands().forEach((name, cl) -> {
      String[] description = cl.getCommandSpec().usageMessage().description();
      assertThat(description).as(name).isNotEmpty();
      assertThat(description[0]).as(name).endsWith(".");
    });
  }

  @Test
  void topLevelHelpListsTheCommands() throws Exception {
    Qtalk.Result r = Qtalk.run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("serve", "call", "transports", "tck", "check", "generate-completion", "Exit codes:");
  }

  @Test
  void anUnknownCommandIsOneLineAndExitsWithTwo() throws Exception {
    Qtalk.Result r = Qtalk.run("cal", "x");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("qtalk: Unmatched arguments").contains("qtalk --help");
  }

  @Test
  void completionIsAValidBashScriptThatCompletesTheCommands(@TempDir Path dir) throws Exception {
    Qtalk.Result r = Qtalk.run("generate-completion");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("complete -F").contains("serve").contains("transports");
    Path script = dir.resolve("qtalk-completion.bash");
    Files.writeString(script, r.out() + "\n");
    Process bash = new ProcessBuilder("bash", "-c",
        "source '" + script + "'; COMP_WORDS=(qtalk tra); COMP_CWORD=1; COMP_LINE='qtalk tra'; COMP_POINT=9;"
            + " _picocli_qtalk; printf '%s\\n' \"${COMPREPLY[@]}\"")
        .redirectErrorStream(true).start();
    String out = new String(bash.getInputStream().readAllBytes());
    assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(out).isZero();
    assertThat(out.lines()).contains("transports");
  }
}
