package dev.qtalk.tck;

import dev.qtalk.TransportNotFoundException;
import dev.qtalk.Transports;
import dev.qtalk.tck.report.CertificationListener;
import dev.qtalk.tck.rpc.CertifiedRpc;
import dev.qtalk.tck.report.CertificationReport;
import dev.qtalk.tck.report.RuleResult;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Certifies a transport with no test code: finds its provider through {@link
 * java.util.ServiceLoader} by the scheme of {@code --listen}, runs every rule through the JUnit
 * Platform launcher, writes the report, and exits 0 only if every required rule passed.
 *
 * <pre>
 * java -cp qtalk-tck.jar:DEPENDENCIES:my-transport.jar dev.qtalk.tck.Certify \
 *     --listen myproto://127.0.0.1:0 --capabilities HALF_CLOSE,CONFIGURABLE_WINDOW
 * </pre>
 *
 * With {@code --rpc} it also runs the rpc suite ({@link CertifiedRpc}) and exits 0 only if both
 * certify. Exit codes: 0 certified, 1 not certified, 2 usage error or no such transport.
 *
 * @since 0.1
 */
public final class Certify {
  private Certify() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the kit and returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String listen = null;
    String capabilities = "";
    String name = null;
    String reportDir = "target/tck-reports";
    List<String> only = new ArrayList<>();
    boolean rpc = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        out.println(usage());
        return 0;
      }
      if (a.equals("--rpc")) {
        rpc = true;
        continue;
      }
      if (i + 1 >= args.length) {
        err.println("missing value after " + a + "\n" + usage());
        return 2;
      }
      switch (a) {
        case "--listen" -> listen = args[++i];
        case "--capabilities" -> capabilities = args[++i];
        case "--name" -> name = args[++i];
        case "--report-dir" -> reportDir = args[++i];
        case "--only" -> only.addAll(List.of(args[++i].split(",")));
        default -> {
          err.println("unknown option " + a + "\n" + usage());
          return 2;
        }
      }
    }
    if (listen == null) {
      err.println("--listen is required\n" + usage());
      return 2;
    }
    URI uri;
    try {
      uri = URI.create(listen);
      CertifiedTransport.parseCapabilities(capabilities);
      Transports.provider(uri);
    } catch (TransportNotFoundException | IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    System.setProperty(CertifiedTransport.LISTEN, listen);
    System.setProperty(CertifiedTransport.CAPABILITIES, capabilities);
    if (name != null) {
      System.setProperty(CertifiedTransport.NAME, name);
    }
    LauncherDiscoveryRequestBuilder builder =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(
                rpc
                    ? List.of(
                        DiscoverySelectors.selectClass(CertifiedTransport.class),
                        DiscoverySelectors.selectClass(CertifiedRpc.class))
                    : List.of(DiscoverySelectors.selectClass(CertifiedTransport.class)))
            .configurationParameter("qtalk.tck.reportDir", reportDir)
            // a transport that swallows interrupts must not stop the run: a rule past its
            // @Timeout fails and the next one starts, whatever the stuck thread does
            .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD");
    if (!only.isEmpty()) {
      builder.filters(onlyRules(only)).configurationParameter("qtalk.tck.partialRun", String.join(",", only));
    }
    LauncherDiscoveryRequest request = builder.build();
    // one listener of our own, so the report is written once even when it is also auto-registered
    Launcher launcher =
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());
    List<String> containerFailures = new ArrayList<>();
    CertificationListener certification = new CertificationListener();
    launcher.execute(request, certification, progress(out, containerFailures));
    List<CertificationReport> reports = certification.reports();
    if (reports.isEmpty()) {
      err.println("no rule ran" + (containerFailures.isEmpty() ? "" : ": " + containerFailures));
      return 1;
    }
    boolean all = true;
    for (CertificationReport r : reports) {
      out.printf(
          "%n%s%s: %s (required rules passed %s; %d pass, %d fail, %d skip); report in %s%n",
          only.isEmpty() ? "" : "PARTIAL RUN of " + only + ", not a certification: ",
          r.transport(),
          only.isEmpty()
              ? (r.certified() ? "CERTIFIED" : "NOT CERTIFIED")
              : (r.certified() ? "selected rules passed" : "selected rules FAILED"),
          r.requiredSummary(),
          r.count(RuleResult.Status.PASS),
          r.count(RuleResult.Status.FAIL),
          r.count(RuleResult.Status.SKIP),
          reportDir);
      all &= r.certified();
    }
    if (rpc && reports.size() < 2 && only.isEmpty()) {
      err.println("the rpc suite wrote no report" + (containerFailures.isEmpty() ? "" : ": " + containerFailures));
      return 1;
    }
    return all ? 0 : 1;
  }

  /** Keeps the tests whose rule id equals or starts with one of {@code prefixes} ("CR", "DI-2"). */
  private static PostDiscoveryFilter onlyRules(List<String> prefixes) {
    return d -> {
      if (!d.isTest()) {
        return FilterResult.included("container");
      }
      String rule = d.getDisplayName().split(" ", 2)[0];
      for (String p : prefixes) {
        String want = p.trim();
        if (rule.equals(want) || (!want.contains("-") && rule.startsWith(want + "-"))) {
          return FilterResult.included(want);
        }
      }
      return FilterResult.excluded("not in --only " + prefixes);
    };
  }

  private static TestExecutionListener progress(PrintStream out, List<String> containerFailures) {
    return new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
          String status =
              switch (result.getStatus()) {
                case SUCCESSFUL -> "PASS";
                case ABORTED -> "SKIP";
                case FAILED -> "FAIL";
              };
          out.println(status + "  " + id.getDisplayName());
        } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
          containerFailures.add(id.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString).orElse(""));
        }
      }

      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        out.println("SKIP  " + id.getDisplayName() + " (" + reason + ")");
      }
    };
  }

  static String usage() {
    return """
        usage: Certify --listen URI [--capabilities LIST] [--rpc] [--name NAME] [--report-dir DIR] [--only RULES]
          --listen URI         where the transport listens; its scheme picks the provider
                               (e.g. qmux+tcp://127.0.0.1:0, mem:certify)
          --capabilities LIST  comma-separated: HALF_CLOSE, RESET, CONFIGURABLE_WINDOW,
                               CONFIGURABLE_MAX_PACKET, CONFIGURABLE_BACKLOG, MAX_CHANNELS, WIRE_FORMAT
                               (LISTENER is always declared: the kit listens at --listen)
          --rpc                also run the rpc suite (RPC-*), reported as NAME-rpc; exit 0 only
                               if both the channel rules and the rpc rules certify
          --name NAME          the transport's name in the report (default: the scheme)
          --report-dir DIR     where the Markdown and JSON reports go (default: target/tck-reports)
          --only RULES         run only these rules or groups, comma-separated (CR,DI-2): a partial
                               run for debugging, never a certification
        exit status: 0 certified, 1 not certified, 2 usage error or no such transport""";
  }
}
