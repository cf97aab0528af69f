package dev.qtalk.cli;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.qmux.Qmux;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.interop.InteropChecker;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qtalk check CMD}: starts {@code CMD} with {@code sh -c}, runs a qmux session over its
 * stdin and stdout, serves the checker's callbacks and drives the interop service the command
 * must serve, as the reference {@code qtalk check} does.
 */
@Command(name = "check", description = "Run the interop checks against a command that serves the interop service on stdio.")
final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CMD", description = "The command line to start, e.g. \"./qtalk interop\".")
  String command;

  @Option(names = "--codec", defaultValue = "cbor", description = "json or cbor (default ${DEFAULT-VALUE}, as the reference).")
  String codec;

  @Option(names = "--dialect", defaultValue = "qtalk", description = "qtalk (Selector/Error/Continue) or duplex (S/E/C).")
  String dialect;

  @Override
  public Integer call() throws Exception {
    Codec c = switch (codec.toLowerCase(Locale.ROOT)) {
      case "json" -> Codec.json();
      case "cbor" -> Codec.cbor();
      default -> throw new IllegalArgumentException("--codec: " + codec + " (expected: json or cbor)");
    };
    Dialect d = Dialect.valueOf(dialect.toUpperCase(Locale.ROOT));
    Process child = new ProcessBuilder("sh", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (Session session = Qmux.session(child.getInputStream(), child.getOutputStream(), "check", Options.defaults())) {
      List<String> passed = InteropChecker.check(session, c, d);
      passed.forEach(line -> System.out.println("ok   " + line));
      System.out.println("interop checks passed (" + codec + ", " + dialect + "): " + passed.size());
      return 0;
    } catch (InteropChecker.InteropCheckException e) {
      System.out.println("FAIL " + e.getMessage());
      return 1;
    } finally {
      child.destroy();
      child.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
