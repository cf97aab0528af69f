package dev.qtalk.tck.report;

import dev.qtalk.tck.TransportTck;
import dev.qtalk.tck.Tunables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Turns a JUnit run of the kit into one {@link CertificationReport} per {@link TransportTck}
 * subclass, written as Markdown and JSON into {@code qtalk.tck.reportDir} (a configuration
 * parameter or system property; default {@code target/tck-reports}). Registered through {@code
 * META-INF/services}, so it runs under Maven Surefire, Gradle and the IDE alike; {@code
 * qtalk.tck.report=false} turns it off.
 *
 * @since 0.1
 */
public final class CertificationListener implements TestExecutionListener {
  private static final Pattern RULE = Pattern.compile("^([A-Z]{2,4}-\\d+)\\s+(.*)$");
  private static final List<String> GROUPS = List.of("OA", "DI", "FC", "HC", "CR", "CC", "TO", "LI", "BI", "PX", "RL", "RPC");
  /** Rules in the order of SPEC.md: by group, then by number; anything else after, as it ran. */
  private static final java.util.Comparator<RuleResult> BY_RULE =
      java.util.Comparator.comparingInt((RuleResult r) -> group(r.rule())).thenComparingInt(r -> number(r.rule()));
  private static final List<CertificationReport> LAST = new CopyOnWriteArrayList<>();

  private TestPlan plan;
  private Instant started;
  private final Map<String, Long> startNanos = new ConcurrentHashMap<>();
  private final Map<String, RuleResult> results = new ConcurrentHashMap<>();
  private final Map<String, List<String>> order = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> notes = new ConcurrentHashMap<>();
  private final Map<String, String> transports = new ConcurrentHashMap<>();
  private final Map<String, String> capabilities = new ConcurrentHashMap<>();

  private final List<CertificationReport> reports = new CopyOnWriteArrayList<>();

  /** The reports of the last run in this JVM. */
  public static List<CertificationReport> lastReports() {
    return List.copyOf(LAST);
  }

  /** The reports of the last run this listener saw. */
  public List<CertificationReport> reports() {
    return List.copyOf(reports);
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    started = Instant.now();
    LAST.clear();
    reports.clear();
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    startNanos.put(id.getUniqueId(), System.nanoTime());
  }

  @Override
  public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
    String root = rootClass(id);
    entry.getKeyValuePairs().forEach((k, v) -> {
      switch (k) {
        case "tck.transport" -> transports.put(root, v);
        case "tck.capabilities" -> capabilities.put(root, v);
        default -> {
          if (k.startsWith("tck.")) {
            notes.computeIfAbsent(id.getUniqueId(), x -> new ConcurrentHashMap<>()).put(k.substring(4), v);
          }
        }
      }
    });
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest()) {
      record(id, RuleResult.Status.SKIP, reason);
    } else if (plan != null) {
      for (TestIdentifier t : plan.getDescendants(id)) {
        if (t.isTest()) {
          record(t, RuleResult.Status.SKIP, reason);
        }
      }
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (!id.isTest()) {
      if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && plan != null) {
        // a container that failed (in a @BeforeAll, say): its tests that never ran fail with it
        for (TestIdentifier t : plan.getDescendants(id)) {
          if (t.isTest() && !results.containsKey(t.getUniqueId())) {
            record(t, RuleResult.Status.FAIL, message(result.getThrowable()));
          }
        }
      }
      return;
    }
    switch (result.getStatus()) {
      case SUCCESSFUL -> record(id, RuleResult.Status.PASS, "");
      case ABORTED ->
          record(id, RuleResult.Status.SKIP, message(result.getThrowable()).replaceFirst("^TestAbortedException: (Assumption failed: )?", ""));
      case FAILED -> record(id, RuleResult.Status.FAIL, message(result.getThrowable()));
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    Map<String, String> env = environment();
    parameter("qtalk.tck.partialRun").ifPresent(only -> env.put("partialRun", only));
    for (Map.Entry<String, List<String>> e : order.entrySet()) {
      String root = e.getKey();
      List<RuleResult> rules = new ArrayList<>();
      for (String id : e.getValue()) {
        rules.add(results.get(id));
      }
      rules.sort(BY_RULE);
      boolean hasRules = rules.stream().anyMatch(r -> RULE.matcher(r.rule() + " " + r.title()).matches());
      if (!isKit(root) && !hasRules) {
        continue;
      }
      String name = transports.getOrDefault(root, root.substring(root.lastIndexOf('.') + 1));
      CertificationReport report =
          new CertificationReport(name, capabilities.getOrDefault(root, "(not reported)"), env, started, rules);
      LAST.add(report);
      reports.add(report);
      if (!"false".equals(parameter("qtalk.tck.report").orElse("true"))) {
        try {
          Path md = ReportWriter.write(report, Path.of(parameter("qtalk.tck.reportDir").orElse("target/tck-reports")));
          System.getLogger("dev.qtalk.tck").log(System.Logger.Level.INFO, "certification report: " + md.toAbsolutePath());
        } catch (IOException ex) {
          System.getLogger("dev.qtalk.tck").log(System.Logger.Level.WARNING, "could not write the certification report", ex);
        }
      }
    }
  }

  private void record(TestIdentifier id, RuleResult.Status status, String reason) {
    String uid = id.getUniqueId();
    Long t0 = startNanos.get(uid);
    long ms = t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000;
    Matcher m = RULE.matcher(id.getDisplayName());
    String rule = m.matches() ? m.group(1) : id.getDisplayName();
    String title = m.matches() ? m.group(2) : id.getDisplayName();
    String suite = plan == null ? "" : plan.getParent(id).map(TestIdentifier::getDisplayName).orElse("");
    RuleResult.Kind kind = RuleResult.Kind.REQUIRED;
    var tags = id.getTags().stream().map(org.junit.platform.engine.TestTag::getName).toList();
    if (tags.contains("optional")) {
      kind = RuleResult.Kind.OPTIONAL; // a stochastic rule that needs a capability is optional too
    } else if (tags.contains("stochastic")) {
      kind = RuleResult.Kind.STOCHASTIC;
    }
    RuleResult r =
        new RuleResult(rule, title, suite, kind, status, reason, ms, notes.getOrDefault(uid, Map.of()));
    if (results.put(uid, r) == null) {
      order.computeIfAbsent(rootClass(id), x -> new CopyOnWriteArrayList<>()).add(uid);
    }
  }

  private static int group(String rule) {
    int dash = rule.indexOf('-');
    int i = dash < 0 ? -1 : GROUPS.indexOf(rule.substring(0, dash));
    return i < 0 ? GROUPS.size() : i;
  }

  private static int number(String rule) {
    try {
      return Integer.parseInt(rule.substring(rule.indexOf('-') + 1));
    } catch (RuntimeException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static String rootClass(TestIdentifier id) {
    for (UniqueId.Segment s : UniqueId.parse(id.getUniqueId()).getSegments()) {
      if (s.getType().equals("class")) {
        return s.getValue();
      }
    }
    return id.getUniqueId();
  }

  private static boolean isKit(String className) {
    try {
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      return TransportTck.class.isAssignableFrom(Class.forName(className, false, cl));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private Optional<String> parameter(String key) {
    Optional<String> fromPlan = plan == null ? Optional.empty() : plan.getConfigurationParameters().get(key);
    return fromPlan.or(() -> Optional.ofNullable(System.getProperty(key)));
  }

  /** The first lines of a failure, with its type when it is not a plain assertion. */
  static String message(Optional<Throwable> t) {
    if (t.isEmpty()) {
      return "";
    }
    Throwable e = t.get();
    String msg = String.valueOf(e.getMessage()).strip().replaceAll("\\s+", " ");
    if (!(e instanceof AssertionError)) {
      msg = e.getClass().getSimpleName() + ": " + msg;
    }
    return msg.length() > 400 ? msg.substring(0, 400) + "..." : msg;
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String k : new String[] {"java.version", "java.vendor", "java.vm.name", "os.name", "os.version", "os.arch"}) {
      env.put(k, System.getProperty(k, "?"));
    }
    env.put("processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
    env.put("maxHeapMiB", String.valueOf(Runtime.getRuntime().maxMemory() >> 20));
    String version = TransportTck.class.getPackage().getImplementationVersion();
    env.put("kitVersion", version == null ? "development build" : version);
    env.putAll(Tunables.effective());
    return env;
  }
}
