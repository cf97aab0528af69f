package dev.qtalk.cli;

import dev.qtalk.Option;
import dev.qtalk.Transports;
import dev.qtalk.spi.TransportProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;


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
      "  qtalk transports --reports tck-reports           the certification table from TCK reports (Markdown)",
      "  qtalk transports --reports tck-reports --bench docs/bench/bench-full.json   the same, with bulk ratios"
    })
final class TransportsCommand implements Callable<Integer> {
  @picocli.CommandLine.Option(names = "--options", description = "List the transport options -o accepts instead.")
  boolean options;

  @picocli.CommandLine.Option(names = "--reports", paramLabel = "DIR", arity = "1..*",
      description = "Print the transports table (Markdown) made from the TCK's JSON reports under each DIR instead.")
  List<Path> reports;

  @picocli.CommandLine.Option(names = "--bench", paramLabel = "FILE",
      description = "A qtalk bench JSON (e.g. docs/bench/bench-full.json): each scheme's bulk ratio against its baseline, with --reports as a column of the table, alone as a table of its own.")
  Path bench;

  @Mixin ExitCodeHelp exitCodes;

  @Override
  public Integer call() throws Exception {
    Optional<BenchRatios> ratios = bench == null ? Optional.empty() : Optional.of(BenchRatios.read(bench));
    if (reports != null) {
      List<TransportsTable.Row> rows = new ArrayList<>();
      for (Path dir : reports) {
        rows.addAll(TransportsTable.read(dir));
      }
      rows.sort(Comparator.comparing(TransportsTable.Row::transport));
      System.out.print(TransportsTable.markdown(rows, ratios));
      return ExitCodes.OK;
    }
    if (ratios.isPresent()) {
      System.out.print(ratios.get().markdown());
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
      Optional<String> unavailable = Transports.unavailability(p);
      String detail = p.getClass().getName() + unavailable.map(why -> ": " + why).orElse("");
      System.out.printf(format, p.scheme(), p.priority(), unavailable.isEmpty() ? "yes" : "no", detail);
    }
    for (String scheme : Transports.knownSchemes()) {
      if (!schemes.contains(scheme)) {
        System.out.printf(format, scheme, "-", "missing", Transports.howToAdd(scheme).orElseThrow());
      }
    }
    for (String failed : Transports.failedProviders()) {
      System.out.println("could not load a provider: " + failed);
    }
    return ExitCodes.OK;
  }

  /** Each option some provider supports: its names, the schemes that take it, default and text form. */
  private static void printOptions() {
    Map<Option<?>, Set<String>> schemes = new LinkedHashMap<>();
    for (TransportProvider p : Transports.providers()) {
      for (Option<?> o : p.supportedOptions()) {
        schemes.computeIfAbsent(o, k -> new TreeSet<>()).add(p.scheme());
      }
    }
    Set<String> all = new TreeSet<>();
    schemes.values().forEach(all::addAll);
    String format = "%-30s %-12s %s%n";
    System.out.printf(format, "NAME (ALIASES)", "DEFAULT", "VALUE / SCHEMES");
    List<Option<?>> sorted = new ArrayList<>(schemes.keySet());
    sorted.sort(Comparator.comparing(Option::name, String.CASE_INSENSITIVE_ORDER));
    for (Option<?> o : sorted) {
      String names = o.aliases().isEmpty() ? o.name() : o.name() + " (" + String.join(", ", o.aliases()) + ")";
      Object d = o.defaultValue();
      System.out.printf(format, names, d == null ? "-" : d,
          o.hasTextForm() ? o.textForm() : "(from Java only: a " + o.type().getSimpleName() + ")");
      Set<String> s = schemes.get(o);
      System.out.printf(format, "", "", "  " + (s.equals(all) ? "every scheme" : String.join(" ", s)));
    }
  }
}
