package dev.qtalk.cli;

import dev.qtalk.rpc.interop.InteropMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code qtalk interop}: serves the interop service (QTALK-WIRE §6.3) over this process's stdin and
 * stdout, as the reference checker ({@code qtalk check CMD}) expects of the program it starts.
 */
@Command(
    name = "interop",
    mixinStandardHelpOptions = true,
    description = "Serve the interop service over stdin/stdout (for `qtalk check CMD` of any implementation).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  qtalk check \"./qtalk interop\"             the checker starts this process and talks to it"
    })
final class InteropCommand implements Callable<Integer> {
  @Mixin ExitCodeHelp exitCodes;

  @Override
  public Integer call() throws Exception {
    InteropMain.main(new String[0]);
    return 0;
  }
}
