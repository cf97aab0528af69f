package dev.qtalk.cli;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.Transports;
import dev.qtalk.qmux.Qmux;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.interop.InteropChecker;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qtalk check URI|CMD}: drives the interop service of another implementation, as the
 * reference {@code qtalk check} does, and serves the checker's callbacks. With a command, starts it
 * with {@code sh -c} and runs a qmux session over its stdin and stdout; with a URI, connects to it.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Run the interop checks against a URI, or a command serving the interop service on stdio.",
      "A command is started with sh -c and spoken to over its stdin/stdout."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  qtalk check \"./qtalk interop\"                       (this implementation, over stdio)",
      "  qtalk check \"go run ./cmd/qtalk interop\" --codec json",
      "  qtalk check qmux+tcp://127.0.0.1:7000               (after: qtalk serve qmux+tcp://127.0.0.1:7000 --interop)"
    })
final class CheckCommand implements Callable<Integer> {
  private static final Pattern URI_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S*");

  @Parameters(index = "0", paramLabel = "URI|CMD",
      description = "A URI (qmux+tcp://127.0.0.1:7000), or the command line to start (\"./qtalk interop\").")
  String target;

  @Option(names = "--codec", defaultValue = "cbor", description = "json or cbor (default ${DEFAULT-VALUE}, as the reference).")
  String codec;

  @Option(names = "--dialect", defaultValue = "qtalk", description = "qtalk (Selector/Error/Continue) or duplex (S/E/C).")
  String dialect;

  @Mixin OptionsMixin transportOptions;
  @Mixin ExitCodeHelp exitCodes;

  @Override
  public Integer call() throws Exception {
    Codec c = switch (codec.toLowerCase(Locale.ROOT)) {
      case "json" -> Codec.json();
      case "cbor" -> Codec.cbor();
      default -> throw new IllegalArgumentException("--codec " + codec + " (expected: json or cbor)");
    };
    Dialect d = CallCommand.dialect(dialect);
    if (isUri(target)) {
      try (Session session = Transports.connect(URI.create(target), transportOptions.on(URI.create(target), Options.defaults()))) {
        return check(session, c, d);
      }
    }
    if (!transportOptions.pairs.isEmpty()) {
      throw new IllegalArgumentException("-o applies to a URI, not to a command (" + target + ")");
    }
    Process child = new ProcessBuilder("sh", "-c", target).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (Session session = Qmux.session(child.getInputStream(), child.getOutputStream(), "check", Options.defaults())) {
      return check(session, c, d);
    } finally {
      child.destroy();
      child.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** A single word with a scheme ({@code qmux+tcp://...}, {@code mem:x}) is a URI; anything else a command. */
  static boolean isUri(String target) {
    return URI_LIKE.matcher(target).matches() && !target.startsWith("./") && target.indexOf(':') > 1;
  }

  private int check(Session session, Codec c, Dialect d) throws IOException {
    try {
      List<String> passed = InteropChecker.check(session, c, d);
      passed.forEach(line -> System.out.println("ok   " + line));
      System.out.println("interop checks passed (" + codec + ", " + dialect + "): " + passed.size());
      return ExitCodes.OK;
    } catch (InteropChecker.InteropCheckException e) {
      System.out.println("FAIL " + e.getMessage());
      return ExitCodes.FAILED;
    }
  }
}
