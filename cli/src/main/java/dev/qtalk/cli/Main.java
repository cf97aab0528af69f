package dev.qtalk.cli;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code qtalk}: the command line entry point.
 *
 * @since 0.1
 */
@Command(
    name = "qtalk",
    mixinStandardHelpOptions = true,
    version = "qtalk 0.1.0",
    description = "Sessions of flow-controlled channels over pluggable transports, and rpc on top.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  qtalk demo                                  rpc calls over QUIC, every step printed",
      "  qtalk serve qmux+tcp://127.0.0.1:7000       serve the demo service",
      "  qtalk call qmux+tcp://127.0.0.1:7000 echo '\"hi\"'",
      "  qtalk transports                            which schemes are here",
      "  qtalk tck --listen mem:x                    certify a transport",
      "  source <(qtalk generate-completion)         tab completion (bash, zsh)",
      "",
      "`qtalk COMMAND --help` shows each command's options and examples."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:a remote error, a failed check, or a transport not certified",
      "2:bad command line, or no transport for the URI's scheme",
      "3:the peer could not be reached or the session broke",
      "4:a timeout passed"
    },
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      CallCommand.class,
      TransportsCommand.class,
      TckCommand.class,
      CheckCommand.class,
      InteropCommand.class,
      ChannelsDemoCommand.class,
      BenchCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    LibraryLogs.quiet();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: one-line errors, exit codes from {@link ExitCodes}. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setUsageHelpWidth(100);
    cl.setExecutionExceptionHandler(new Failures());
    cl.setParameterExceptionHandler(Failures::usage);
    cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Prints {@code qtalk CMD: problem} on standard error. */
  static void error(CommandLine cl, String message) {
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().qualifiedName() + ": " + message);
    err.flush();
  }
}
