package dev.qtalk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Each scheme's bulk throughput next to its baseline, from the JSON a {@code qtalk bench} run
 * writes (the committed full run is {@code docs/bench/bench-full.json}): the rows of the "bulk, one
 * channel" group whose scenario is a scheme, the raw stack's baseline preferred where a scheme has
 * several (qmux+tcp is also measured against gRPC).
 */
record BenchRatios(Path file, String mode, String finished, long seconds, int cpus, String java,
    List<Ratio> ratios) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One scheme's bulk result. */
  record Ratio(String scheme, double qtalk, String unit, String baseline, double baselineValue, double ratio,
      String target) {}

  static BenchRatios read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--bench " + file + ": no such file (expected: a qtalk bench JSON, e.g. docs/bench/bench-full.json)");
    }
    JsonNode run = JSON.readTree(file.toFile());
    if (!run.path("results").isArray()) {
      throw new IllegalArgumentException("--bench " + file + ": no \"results\" list (expected: the JSON a qtalk bench run writes)");
    }
    List<Ratio> ratios = new ArrayList<>();
    for (JsonNode r : run.get("results")) {
      String scheme = r.path("scenario").asText();
      if (!r.path("group").asText().startsWith("bulk") || scheme.contains(" ") || !r.has("ratio")) {
        continue;
      }
      Ratio ratio = new Ratio(scheme, r.path("qtalk").asDouble(), r.path("unit").asText(), r.path("baseline").asText(),
          r.path("baselineValue").asDouble(), r.path("ratio").asDouble(), r.path("target").asText(""));
      Optional<Ratio> known = ratios.stream().filter(x -> x.scheme().equals(scheme)).findFirst();
      if (known.isEmpty()) {
        ratios.add(ratio);
      } else if (!raw(known.get()) && raw(ratio)) {
        ratios.set(ratios.indexOf(known.get()), ratio);
      }
    }
    return new BenchRatios(file, run.path("mode").asText("?"), run.path("finished").asText("?"),
        run.path("seconds").asLong(), run.path("cpus").asInt(), run.path("java").asText("?"), List.copyOf(ratios));
  }

  private static boolean raw(Ratio r) {
    return r.baseline().startsWith("raw ");
  }

  /**
   * The ratio of the scheme a TCK report names: the kit calls a transport by its test class
   * ({@code Tcp}, {@code QmuxSsh}) or, for {@code qtalk tck}, by its scheme ({@code qmux+tcp}).
   */
  Optional<Ratio> forTransport(String transport) {
    String name = transport.toLowerCase(Locale.ROOT).replace("+", "");
    Optional<Ratio> exact = ratios.stream().filter(r -> r.scheme().replace("+", "").equals(name)).findFirst();
    return exact.isPresent()
        ? exact
        : ratios.stream().filter(r -> r.scheme().replace("+", "").equals("qmux" + name)).findFirst();
  }

  /** Which run the ratios come from, as one sentence. */
  String source() {
    return String.format(Locale.ROOT, "Benchmark ratios from the %s benchmark run finished %s (%d s, %d CPUs, %s): `%s`.",
        mode, finished, seconds, cpus, java, file.getFileName());
  }

  /** A ratio as the tables show it: {@code 0.32 vs raw TCP socket}. */
  static String cell(Ratio r) {
    return String.format(Locale.ROOT, "%.2f vs %s", r.ratio(), r.baseline());
  }

  /** The ratios alone, as a Markdown table with its source line. */
  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| scheme | bulk throughput | baseline | baseline throughput | ratio | target |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (Ratio r : ratios) {
      b.append(String.format(Locale.ROOT, "| `%s` | %.0f %s | %s | %.0f %s | %.2f | %s |%n", r.scheme(), r.qtalk(),
          r.unit(), r.baseline(), r.baselineValue(), r.unit(), r.ratio(), r.target().isEmpty() ? "-" : r.target()));
    }
    return b.append('\n').append(source()).append('\n').toString();
  }
}
