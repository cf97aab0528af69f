package dev.qtalk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The transports table of the docs, made from the TCK's JSON certification reports (as CI keeps
 * them in {@code tck-reports/}) and, when given, a benchmark run's JSON, rather than typed by hand.
 */
final class TransportsTable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TransportsTable() {}

  /** One transport's verdict. */
  record Row(String transport, boolean certified, String required, int pass, int fail, int skip,
      String capabilities, String source) {}

  /**
   * Reads every certification report under {@code dir}: the kit's own broken and toy transports
   * ({@code teeth}, {@code broken-*}) are left out, and of two reports of one transport the later
   * file name wins.
   */
  static List<Row> read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--reports " + dir + ": no such directory (expected: the TCK's report folder, e.g. tck-reports)");
    }
    List<Row> rows = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        String rel = dir.relativize(f).toString();
        if (rel.contains("teeth") || rel.contains("broken") || rel.contains("toy")) {
          continue;
        }
        JsonNode r;
        try {
          r = JSON.readTree(f.toFile());
        } catch (IOException e) {
          continue;
        }
        if (!r.has("transport") || !r.has("rules") || r.path("environment").has("partialRun")) {
          continue;
        }
        int pass = 0;
        int fail = 0;
        int skip = 0;
        for (JsonNode rule : r.get("rules")) {
          switch (rule.path("status").asText()) {
            case "PASS" -> pass++;
            case "FAIL" -> fail++;
            default -> skip++;
          }
        }
        String name = r.get("transport").asText();
        rows.removeIf(x -> x.transport().equals(name));
        rows.add(new Row(name, r.path("certified").asBoolean(), r.path("requiredPassed").asText(),
            pass, fail, skip, r.path("capabilities").asText(), rel));
      }
    }
    rows.sort(Comparator.comparing(Row::transport));
    return rows;
  }

  /** The table; with {@code bench}, each transport's bulk ratio too, and which run it came from. */
  static String markdown(List<Row> rows, Optional<BenchRatios> bench) {
    StringBuilder b = new StringBuilder();
    b.append("| transport | result | required rules passed | pass | fail | skip | capabilities declared |")
        .append(bench.isPresent() ? " bulk ratio |\n" : "\n");
    b.append("|---|---|---|---|---|---|---|").append(bench.isPresent() ? "---|\n" : "\n");
    for (Row r : rows) {
      b.append("| `").append(r.transport()).append("` | ")
          .append(r.certified() ? "certified" : "**not certified**").append(" | ")
          .append(r.required()).append(" | ")
          .append(r.pass()).append(" | ").append(r.fail()).append(" | ").append(r.skip()).append(" | ")
          .append(r.capabilities().replaceAll("^\\[|]$", "").replace("|", "\\|")).append(" |");
      bench.ifPresent(run -> b.append(' ').append(run.forTransport(r.transport()).map(BenchRatios::cell).orElse("-"))
          .append(" |"));
      b.append('\n');
    }
    if (rows.isEmpty()) {
      b.append("| (no certification reports found) | | | | | | |").append(bench.isPresent() ? " |\n" : "\n");
    }
    bench.ifPresent(run -> b.append('\n').append(run.source()).append('\n'));
    return b.toString();
  }
}
