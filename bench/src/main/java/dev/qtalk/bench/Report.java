package dev.qtalk.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The results as a table, as JSON, and as a PNG chart of the ratios. */
final class Report {
  private Report() {}

  static String line(Result r) {
    return String.format(Locale.ROOT, "  %-31s %-32s %12s %-7s | %-47s %12s | ratio %6.2f (target %s)%s",
        r.group(), r.scenario(), Result.figure(r.qtalk()), r.unit(), r.baselineName(), Result.figure(r.baseline()),
        r.ratio(), r.target(), r.target().defined() ? (r.met() ? " met" : " NOT MET") : "");
  }

  static String table(List<Result> results) {
    StringBuilder b = new StringBuilder();
    String format = "%-31s | %-32s | %12s %-7s | %-47s | %12s | %6s | %-7s | %s%n";
    b.append(String.format(Locale.ROOT, format, "group", "qtalk", "qtalk", "unit", "baseline", "baseline",
        "ratio", "target", "met"));
    b.append("-".repeat(190)).append('\n');
    for (Result r : results) {
      b.append(String.format(Locale.ROOT, format, r.group(), r.scenario(), Result.figure(r.qtalk()), r.unit(),
          r.baselineName(), Result.figure(r.baseline()), String.format(Locale.ROOT, "%.2f", r.ratio()),
          r.target(), r.target().defined() ? (r.met() ? "yes" : "NO") : "-"));
    }
    return b.toString();
  }

  static void writeJson(Path file, Mode mode, Duration took, List<Result> results, List<MachineLoad> loads,
      List<String> failures) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("mode", mode.name());
    root.put("finished", Instant.now().toString());
    root.put("seconds", took.toSeconds());
    root.put("cpus", Runtime.getRuntime().availableProcessors());
    root.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    root.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    ArrayNode rows = root.putArray("results");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      ObjectNode o = rows.addObject();
      o.put("group", r.group());
      o.put("scenario", r.scenario());
      o.put("unit", r.unit());
      o.put("qtalk", r.qtalk());
      o.put("baseline", r.baselineName());
      o.put("baselineValue", r.baseline());
      o.put("ratio", r.ratio());
      if (r.target().defined()) {
        o.put("target", r.target().toString());
        o.put("met", r.met());
      }
      MachineLoad load = loads.get(i); // null where the system does not tell
      if (load != null) { // what else took the CPUs meanwhile, as shares of all CPU time
        o.put("othersCpu", load.others());
        o.put("stealCpu", load.steal());
      }
    }
    ArrayNode failed = root.putArray("failures");
    failures.forEach(failed::add);
    mapper.writeValue(file.toFile(), root);
  }

  static void writeChart(Path file, Mode mode, List<Result> results) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<String> names = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> targets = new ArrayList<>();
    for (Result r : results) {
      names.add(r.group().replaceFirst(", one channel, 64 KiB writes", "") + ": " + r.scenario() + " / "
          + r.baselineName());
      ratios.add(r.ratio());
      targets.add(r.target().defined() ? r.target().value() : 0.0);
    }
    if (names.isEmpty()) {
      names.add("no results");
      ratios.add(0.0);
      targets.add(0.0);
    }
    CategoryChart chart = new CategoryChartBuilder()
        .width(1600).height(1000)
        .title("qtalk / baseline, same run (" + mode.name() + " mode; calls/s and MB/s: higher is better,"
            + " latency: lower is better)")
        .xAxisTitle("scenario").yAxisTitle("ratio")
        .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisLabelRotation(75);
    chart.getStyler().setOverlapped(false);
    chart.addSeries("qtalk / baseline", names, ratios);
    chart.addSeries("target", names, targets);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
