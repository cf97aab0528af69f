package dev.qtalk.tck.teeth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.tck.report.CertificationListener;
import dev.qtalk.tck.report.CertificationReport;
import dev.qtalk.tck.report.RuleResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit has teeth: each deliberately broken transport fails the rule it breaks, run through the
 * JUnit Platform launcher exactly as a transport author's run would be, while the same rule passes
 * on the same transport without the fault. (That the correct transports pass every rule is shown
 * by {@code MemTckTest}, {@code TcpTckTest} and {@link PassThroughTckTest}.)
 */
@Timeout(300)
class TeethTest {

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of(Broken.DropsLastByte.class, "DI-2"),
        Arguments.of(Broken.IgnoresWindow.class, "FC-1"),
        Arguments.of(Broken.NeverDeliversEof.class, "HC-1"),
        Arguments.of(Broken.ReordersWrites.class, "CC-4"),
        Arguments.of(Broken.LeaksThreadPerChannel.class, "RL-1"),
        Arguments.of(Broken.HalfCloseIsFullClose.class, "HC-1"),
        Arguments.of(Broken.NeverConfirms.class, "OA-1"),
        Arguments.of(Broken.CorruptsOneByteInAMillion.class, "DI-2"));
  }

  @ParameterizedTest(name = "{0} fails {1}")
  @MethodSource("faults")
  void brokenTransportFailsItsRule(Class<?> broken, String rule) {
    RuleResult onBroken = runRule(broken, rule);
    assertThat(onBroken.status()).as("%s on %s (%s)", rule, broken.getSimpleName(), onBroken.reason())
        .isEqualTo(RuleResult.Status.FAIL);
    assertThat(onBroken.reason()).as("the report says why").isNotBlank();
    RuleResult onCorrect = runRule(Broken.PassThrough.class, rule);
    assertThat(onCorrect.status()).as("%s on the same transport without the fault (%s)", rule, onCorrect.reason())
        .isEqualTo(RuleResult.Status.PASS);
  }

  /** Runs the one rule through the launcher and returns its line of the certification report. */
  static RuleResult runRule(Class<?> kit, String rule) {
    PostDiscoveryFilter onlyRule =
        d -> FilterResult.includedIf(!d.isTest() || d.getDisplayName().startsWith(rule + " "));
    var request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(kit))
            .filters(onlyRule)
            .configurationParameter("qtalk.tck.reportDir", "target/tck-reports/teeth/" + rule)
            .build();
    Launcher launcher =
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());
    CertificationListener listener = new CertificationListener();
    launcher.execute(request, listener);
    List<CertificationReport> reports = listener.reports();
    assertThat(reports).as("reports of %s", kit.getSimpleName()).hasSize(1);
    List<RuleResult> results = reports.get(0).results();
    assertThat(results).extracting(RuleResult::rule).as("rules that ran").containsExactly(rule);
    return results.get(0);
  }
}
