package dev.qtalk.cli;

import dev.qtalk.rpc.interop.InteropMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code qtalk interop}: serves the interop service (QTALK-WIRE §6.3) over this process's stdin and
 * stdout, as the reference checker ({@code qtalk check CMD}) expects of the program it starts.
 */
@Command(name = "interop", mixinStandardHelpOptions = true,
    description = "Serve the interop service over stdin/stdout (for `qtalk check CMD` of any implementation).")
final class InteropCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    InteropMain.main(new String[0]);
    return 0;
  }
}
