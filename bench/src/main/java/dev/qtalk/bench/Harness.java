package dev.qtalk.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every side-by-side scenario in one JVM: qtalk beside the baseline a user would pick instead,
 * each pair measured in the same run, printed as a table of ratios and written as JSON and a PNG
 * chart. {@code --quick} proves that every scenario runs (under a minute); the full mode gives the
 * figures to quote.
 */
public final class Harness {
  /** The scenario groups, in the order they run. */
  public static final List<String> GROUPS = List.of("bulk", "long-link", "rpc", "open-close", "idle", "ws", "browser", "jmh");

  /** Collects results; a scenario that throws is recorded as failed, and the others go on. */
  public static final class Sink {
    private final List<Result> results = new ArrayList<>();
    private final List<MachineLoad> loads = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final PrintStream log;
    private final Progress progress;

    Sink(PrintStream log, Progress progress) {
      this.log = log;
      this.progress = progress;
    }

    public void run(Callable<Result> scenario) {
      runAll(() -> List.of(scenario.call()));
    }

    /**
     * Runs scenarios and records their results, each with what else took the CPUs meanwhile
     * ({@link MachineLoad}), which its line shows.
     */
    public void runAll(Callable<List<Result>> scenarios) {
      try {
        Optional<MachineLoad.Snapshot> before = MachineLoad.now();
        List<Result> done = scenarios.call();
        Optional<MachineLoad> load = before.flatMap(b -> MachineLoad.now().flatMap(a -> MachineLoad.between(b, a)));
        for (Result r : done) {
          results.add(r);
          loads.add(load.orElse(null));
          log.println(String.format(Locale.ROOT, "[%3d]", progress.scenarioDone()) + Report.line(r)
              + load.map(l -> "  [" + l + "]").orElse(""));
        }
      } catch (Exception | Error e) {
        String where = e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : "";
        failures.add(e + where);
        progress.scenarioFailed();
        log.println("FAILED: " + e + where);
        e.printStackTrace(log);
      }
    }

    public void fail(String what) {
      failures.add(what);
      progress.scenarioFailed();
      log.println("FAILED: " + what);
    }

    public List<Result> results() {
      return List.copyOf(results);
    }

    /** What else took the CPUs while each result was measured (null where unknown), in the order of {@link #results}. */
    List<MachineLoad> loads() {
      return Collections.unmodifiableList(new ArrayList<>(loads));
    }

    public List<String> failures() {
      return List.copyOf(failures);
    }
  }

  /** What a run produced. */
  public record Outcome(Mode mode, List<Result> results, List<String> failures, Path json, Path chart) {}

  private Harness() {}

  /** {@code [--quick] [--out DIR] [--only group,group]}: prints the table; exit status 1 if a scenario failed. */
  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path out = Path.of("bench", "target");
    Set<String> only = new LinkedHashSet<>(GROUPS);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--out" -> out = Path.of(args[++i]);
        case "--only" -> only = new LinkedHashSet<>(List.of(args[++i].split(",")));
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]
            + " (expected: --quick, --out DIR, --only " + String.join(",", GROUPS) + ")");
      }
    }
    Outcome o = run(quick ? Mode.quickMode() : Mode.fullMode(), out, only, System.out);
    System.exit(o.failures().isEmpty() ? 0 : 1);
  }

  /**
   * Runs the groups in {@code only}, printing to {@code to}: with a status line updated in place
   * when {@code to} is standard output on a terminal, with plain progress lines otherwise.
   */
  public static Outcome run(Mode mode, Path out, Set<String> only, PrintStream to) throws Exception {
    // MINA logs every key re-exchange of a bulk run (INFO) and the raw baseline's unchecked host
    // key (WARNING) on each connect: pages of lines between the results, and none a result
    Level[] was = new Level[QUIETED.size()];
    for (int i = 0; i < was.length; i++) {
      was[i] = QUIETED.get(i).getLevel();
      QUIETED.get(i).setLevel(Level.SEVERE);
    }
    try {
      return measure(mode, out, only, to);
    } finally {
      for (int i = 0; i < was.length; i++) {
        QUIETED.get(i).setLevel(was[i]);
      }
    }
  }

  /**
   * MINA's loggers, and the one MINA's server code logs its every listen through in the ssh
   * transport (its subclass's name). Held here: the logging framework keeps loggers weakly.
   */
  private static final List<Logger> QUIETED = List.of(
      Logger.getLogger("org.apache.sshd"), Logger.getLogger("dev.qtalk.ssh.internal.QtalkSshServer"));

  private static Outcome measure(Mode mode, Path out, Set<String> only, PrintStream to) throws Exception {
    for (String g : only) {
      if (!GROUPS.contains(g)) {
        throw new IllegalArgumentException("unknown group: " + g + " (expected one of " + GROUPS + ")");
      }
    }
    Progress progress = new Progress(to, to == System.out && Progress.stdoutIsTerminal(), only.size());
    PrintStream log = progress.log();
    Instant start = Instant.now();
    log.printf(Locale.ROOT, "qtalk bench, %s mode: %s; %d cpus, %s %s, %s%n", mode.name(), only,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), Runtime.version(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    Sink sink = new Sink(log, progress);
    if (only.contains("bulk")) {
      progress.group("bulk");
      BulkScenarios.run(mode, sink, log);
    }
    if (only.contains("long-link")) {
      progress.group("long links");
      LongLinkScenarios.run(mode, sink, log);
    }
    if (only.contains("rpc")) {
      progress.group("rpc unary");
      RpcScenarios.run(mode, sink, log);
    }
    if (only.contains("open-close")) {
      progress.group("channel open+close");
      OpenCloseScenarios.run(mode, sink, log);
    }
    if (only.contains("idle")) {
      progress.group("idle footprint");
      Footprint.run(mode, sink, log);
    }
    if (only.contains("ws")) {
      progress.group("qmux+ws both ways (WsThroughput)");
      long bytes = mode.quick() ? 4L << 20 : 64L << 20;
      sink.runAll(() -> WsThroughput.measure(bytes, mode.trials()));
    }
    if (only.contains("browser")) {
      progress.group("qmux+ws from a browser page (BrowserThroughput)");
      if (mode.quick()) {
        log.println("  not in quick mode: it needs Node and Chromium (run ./qtalk bench --only browser)");
      } else {
        try {
          BrowserThroughput.run(64, 5, log);
        } catch (Exception e) {
          log.println("  not measured: " + e.getMessage());
        }
      }
    }
    if (only.contains("jmh")) {
      progress.group("micro (JMH)");
      Micro.run(mode, sink, log);
    }
    Duration took = Duration.between(start, Instant.now());
    progress.finish();
    log.println();
    log.print(Report.table(sink.results()));
    Files.createDirectories(out);
    Path json = out.resolve("bench-" + mode.name() + ".json");
    Path chart = out.resolve("bench-" + mode.name() + ".png");
    Report.writeJson(json, mode, took, sink.results(), sink.loads(), sink.failures());
    Report.writeChart(chart, mode, sink.results());
    log.printf(Locale.ROOT, "%d scenarios in %d s, %d failed; wrote %s and %s%n", sink.results().size(),
        took.toSeconds(), sink.failures().size(), json, chart);
    for (String f : sink.failures()) {
      log.println("FAILED: " + f);
    }
    return new Outcome(mode, sink.results(), sink.failures(), json, chart);
  }
}
