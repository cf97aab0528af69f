package dev.qtalk.cli;

import dev.qtalk.TransportNotFoundException;
import dev.qtalk.Transports;
import dev.qtalk.spi.TransportProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qtalk transports}: what this class path can connect to, and what would add the rest. */
@Command(
    name = "transports",
    mixinStandardHelpOptions = true,
    description = {
      "List the transports found: scheme, priority, availability, and what adds the missing ones.",
      "For each provider, why it is unavailable if it is; for each scheme this project knows but the class path lacks, the artifact that adds it."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  qtalk transports",
      "  qtalk transports --options                       every -o KEY=VALUE name, its type and default",
      "  qtalk transports --reports tck-reports           the certification table from TCK reports (Markdown)"
    })
final class TransportsCommand implements Callable<Integer> {
  /** Every scheme this project ships a provider for. */
  static final List<String> KNOWN_SCHEMES =
      List.of("mem", "qmux+stdio", "qmux+tcp", "qmux+tls", "qmux+unix", "qmux+ws", "qmux+wss", "qmux+ssh", "quic", "ssh");

  @Option(names = "--options", description = "List the transport options -o accepts instead.")
  boolean options;

  @Option(names = "--reports", paramLabel = "DIR",
      description = "Print the transports table (Markdown) made from the TCK's JSON reports under DIR instead.")
  Path reports;

  @Mixin ExitCodeHelp exitCodes;

  @Override
  public Integer call() throws Exception {
    if (reports != null) {
      System.out.print(TransportsTable.markdown(TransportsTable.read(reports)));
      return ExitCodes.OK;
    }
    if (options) {
      printOptions();
      return ExitCodes.OK;
    }
    List<TransportProvider> found = Transports.providers();
    String format = "%-11s %-8s %-9s %s%n";
    System.out.printf(format, "SCHEME", "PRIORITY", "AVAILABLE", "PROVIDER / REASON");
    Set<String> schemes = new TreeSet<>();
    for (TransportProvider p : found) {
      schemes.add(p.scheme());
      boolean available = available(p);
      String detail = p.getClass().getName() + (available ? "" : ": " + reason(p));
      System.out.printf(format, p.scheme(), p.priority(), available ? "yes" : "no", detail);
    }
    for (String scheme : KNOWN_SCHEMES) {
      if (!schemes.contains(scheme)) {
        System.out.printf(format, scheme, "-", "missing", missing(scheme));
      }
    }
    return ExitCodes.OK;
  }

  private static void printOptions() {
    String format = "%-26s %-18s %-16s %s%n";
    System.out.printf(format, "KEY", "DEFINED IN", "DEFAULT", "VALUE");
    for (Map.Entry<String, OptionStrings.Known> e : OptionStrings.known().entrySet()) {
      OptionStrings.Known k = e.getValue();
      Object d = k.option().defaultValue();
      System.out.printf(format, e.getKey(), k.holder(), d == null ? "-" : d,
          k.settable() ? k.typeHint() : "(from Java only: a " + k.option().type().getSimpleName() + ")");
    }
  }

  private static String missing(String scheme) {
    try {
      Transports.provider(URI.create(scheme + "://x"));
      return "";
    } catch (TransportNotFoundException e) {
      String m = e.getMessage();
      int add = m.indexOf(": add ");
      return add < 0 ? m : m.substring(add + 2);
    }
  }

  private static boolean available(TransportProvider p) {
    try {
      return p.isAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String reason(TransportProvider p) {
    try {
      return p.unavailableReason().orElse("(no reason given)");
    } catch (RuntimeException | LinkageError e) {
      return "isAvailable() failed: " + e;
    }
  }
}
