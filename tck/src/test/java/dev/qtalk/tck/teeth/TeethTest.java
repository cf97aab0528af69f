package dev.qtalk.tck.teeth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.tck.report.CertificationListener;
import dev.qtalk.tck.report.CertificationReport;
import dev.qtalk.tck.report.RuleResult;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * The kit has teeth: each deliberately broken transport fails the rules it breaks, run through the
 * JUnit Platform launcher exactly as a transport author's run would be. The first eight are the
 * faults issue 6 names; for each of them the rule also passes on the same transport without the
 * fault. That the fault-free wrappers pass every rule is {@link PassThroughTckTest}.
 */
@Timeout(600)
class TeethTest {

  static Stream<Arguments> faults() {
    return Stream.of(
        // the eight faults of issue 6
        Arguments.of(Broken.DropsLastByte.class, List.of("DI-2", "DI-8", "DI-10", "HC-2")),
        Arguments.of(Broken.IgnoresWindow.class, List.of("FC-1", "FC-3")),
        Arguments.of(Broken.NeverDeliversEof.class, List.of("HC-1", "HC-4")),
        Arguments.of(Broken.ReordersWrites.class, List.of("CC-4")),
        Arguments.of(Broken.LeaksThreadPerChannel.class, List.of("RL-1", "RL-2")),
        Arguments.of(Broken.HalfCloseIsFullClose.class, List.of("HC-1", "HC-6")),
        Arguments.of(Broken.NeverConfirms.class, List.of("OA-1")),
        Arguments.of(
            Broken.CorruptsOneByteInAMillion.class,
            List.of("DI-2", "DI-7", "DI-8", "DI-9", "DI-10", "FC-4", "FC-7", "HC-2", "CC-5")),
        // more faults, so that most rules are shown to fail on something
        Arguments.of(
            MoreBroken.FlipsFirstByteOfEachWrite.class,
            List.of("OA-1", "OA-2", "OA-5", "OA-6", "DI-1", "DI-3", "DI-4", "DI-5", "DI-6", "DI-11", "DI-12",
                "CC-1", "CC-2", "FC-8", "TO-1", "TO-7", "HC-1", "HC-7", "CR-8", "CR-10")),
        Arguments.of(MoreBroken.ZeroWriteHalfCloses.class, List.of("DI-4")),
        Arguments.of(MoreBroken.LeavesPositionAlone.class, List.of("DI-11")),
        Arguments.of(MoreBroken.SignedStreamRead.class, List.of("DI-12")),
        Arguments.of(MoreBroken.IgnoresReadTimeout.class, List.of("TO-1")),
        Arguments.of(MoreBroken.IgnoresWriteTimeout.class, List.of("TO-2")),
        Arguments.of(MoreBroken.AcceptsNegativeTimeouts.class, List.of("TO-3")),
        Arguments.of(MoreBroken.SwallowsInterrupts.class, List.of("TO-4", "TO-5", "TO-6")),
        Arguments.of(MoreBroken.SlowSessionClose.class, List.of("CR-2", "CR-6", "CR-7", "RL-4")),
        Arguments.of(MoreBroken.DoubleCloseThrows.class, List.of("CR-2")),
        Arguments.of(MoreBroken.AbortThrows.class, List.of("CR-3", "CR-10")),
        Arguments.of(MoreBroken.CloseIsHalfClose.class, List.of("CR-1", "CR-3", "CC-3")),
        Arguments.of(MoreBroken.ConstantIds.class, List.of("OA-4")),
        Arguments.of(MoreBroken.AcceptIgnoresTimeout.class, List.of("OA-5")),
        Arguments.of(
            MoreBroken.UntypedErrors.class, List.of("CR-1", "CR-3", "CR-4", "CR-5", "CR-6", "CR-11", "HC-3")),
        Arguments.of(MoreBroken.CapsChannelsAt200.class, List.of("CC-1")),
        Arguments.of(MoreBroken.SloppyCloseWrite.class, List.of("HC-3", "HC-5")),
        Arguments.of(MoreBroken.CloseFutureNeverCompletes.class, List.of("CR-6", "CR-7", "RL-4")),
        Arguments.of(MoreBroken.IgnoresOptions.class, List.of("OA-7", "OA-8", "FC-3", "FC-6")),
        Arguments.of(MoreBroken.NoAddresses.class, List.of("OA-10")),
        Arguments.of(MoreBroken.ClaimsReset.class, List.of("CR-9")),
        Arguments.of(MoreBroken.LeaksFdPerSession.class, List.of("RL-2", "RL-3")),
        Arguments.of(RawFaults.HidesSessionEnd.class, List.of("BI-1", "BI-2", "BI-3", "BI-7")),
        Arguments.of(RawFaults.WaitsForever.class, List.of("BI-4", "BI-5", "BI-6")),
        // the contract in the api's Javadoc, and the rules added with it
        Arguments.of(ContractFaults.AcceptZeroWaitsForever.class, List.of("OA-11")),
        Arguments.of(ContractFaults.OpenZeroRejected.class, List.of("OA-12")),
        Arguments.of(ContractFaults.OpenStormHangs.class, List.of("OA-13")),
        Arguments.of(ContractFaults.AcceptsNewestFirst.class, List.of("OA-14")),
        Arguments.of(ContractFaults.AcceptFailsIfPeerClosed.class, List.of("OA-15")),
        Arguments.of(ContractFaults.ClosedAfterHalfClose.class, List.of("HC-8")),
        Arguments.of(ContractFaults.EndOfSessionHidesEof.class, List.of("HC-9")),
        Arguments.of(ContractFaults.CauseAfterOrderlyClose.class, List.of("CR-12")),
        Arguments.of(ContractFaults.CloseWaitsForWrite.class, List.of("CR-13")),
        Arguments.of(ContractFaults.CloseDropsBufferedWrites.class, List.of("CR-14")),
        Arguments.of(ContractFaults.CoarseTimer.class, List.of("TO-8")),
        Arguments.of(ContractFaults.SessionWideTimeout.class, List.of("TO-8")),
        Arguments.of(ContractFaults.InterruptedWriteClaimsAll.class, List.of("TO-9")),
        Arguments.of(ContractFaults.InterruptedReadDropsAByte.class, List.of("TO-10")),
        Arguments.of(ContractFaults.ListenerCloseKeepsAccept.class, List.of("LI-1")),
        Arguments.of(ContractFaults.ListenerCloseEndsSessions.class, List.of("LI-2")),
        Arguments.of(ContractFaults.CorruptsServerToClient.class, List.of("DI-13")),
        Arguments.of(ContractFaults.IgnoresArrayOffset.class, List.of("DI-13")),
        Arguments.of(ContractFaults.ClientIgnoresWindow.class, List.of("FC-9")),
        Arguments.of(ContractFaults.KeepsHeapPerChannel.class, List.of("RL-6")),
        Arguments.of(ContractFaults.KeepsHeapPerSession.class, List.of("RL-7")),
        Arguments.of(ContractFaults.TimerPerSession.class, List.of("RL-1", "RL-3")),
        Arguments.of(ContractFaults.SelectorPerSession.class, List.of("RL-3")),
        // the rules that had no broken transport before
        Arguments.of(StressFaults.SessionWideWriteLock.class, List.of("FC-2")),
        Arguments.of(StressFaults.ReadWaitsForWrite.class, List.of("FC-5")),
        Arguments.of(StressFaults.ConcurrentAcceptsDuplicate.class, List.of("OA-3", "CC-6")),
        Arguments.of(StressFaults.LosesOneChannelIn2000.class, List.of("OA-9")),
        // faults on the path, through the kit's proxy
        Arguments.of(ProxyFaults.AcceptOutlivesConnection.class, List.of("PX-2", "PX-3")),
        Arguments.of(ProxyFaults.SlowPeerLooksGone.class, List.of("PX-1")),
        Arguments.of(ProxyFaults.IgnoresKeepalive.class, List.of("PX-4")));
  }

  /** The faults issue 6 names, whose rules must also pass without the fault. */
  private static final List<Class<?>> NAMED =
      List.of(
          Broken.DropsLastByte.class, Broken.IgnoresWindow.class, Broken.NeverDeliversEof.class,
          Broken.ReordersWrites.class, Broken.LeaksThreadPerChannel.class, Broken.HalfCloseIsFullClose.class,
          Broken.NeverConfirms.class, Broken.CorruptsOneByteInAMillion.class);

  /**
   * The faults to run: all, or with {@code -Dqtalk.tck.teeth.only=A,B} those whose class name
   * contains one of A, B.
   */
  static Stream<Arguments> selectedFaults() {
    List<String> only = List.of(System.getProperty("qtalk.tck.teeth.only", "").split(","));
    return faults().filter(a -> only.stream().anyMatch(((Class<?>) a.get()[0]).getName()::contains));
  }

  @ParameterizedTest(name = "{0} fails {1}")
  @MethodSource("selectedFaults")
  void brokenTransportFailsItsRules(Class<?> broken, List<String> rules) {
    Map<String, RuleResult> onBroken = runRules(broken, rules);
    for (String rule : rules) {
      RuleResult r = onBroken.get(rule);
      assertThat(r.status()).as("%s on %s (%s)", rule, broken.getSimpleName(), r.reason()).isEqualTo(RuleResult.Status.FAIL);
      assertThat(r.reason()).as("the report says why %s failed", rule).isNotBlank();
    }
    if (NAMED.contains(broken)) {
      Map<String, RuleResult> onCorrect = runRules(Broken.PassThrough.class, rules);
      for (String rule : rules) {
        RuleResult r = onCorrect.get(rule);
        assertThat(r.status()).as("%s without the fault (%s)", rule, r.reason()).isEqualTo(RuleResult.Status.PASS);
      }
    }
  }

  /**
   * RL-5 looks at the whole run: a thread left by every abort() shows in the census after the
   * rules that abort (CR-10) have run, in a run of those rules and RL-5.
   */
  @org.junit.jupiter.api.Test
  void wholeRunCensusCatchesALeakOtherRulesCause() {
    Map<String, RuleResult> r = runRules(StressFaults.LeaksThreadPerAbort.class, List.of("CR-10", "RL-5"));
    assertThat(r.get("RL-5").status()).as("RL-5 on LeaksThreadPerAbort (%s)", r.get("RL-5").reason()).isEqualTo(RuleResult.Status.FAIL);
    Map<String, RuleResult> ok = runRules(Broken.PassThrough.class, List.of("CR-10", "RL-5"));
    assertThat(ok.get("RL-5").status()).as("RL-5 without the fault (%s)", ok.get("RL-5").reason()).isEqualTo(RuleResult.Status.PASS);
  }

  /** Which rules no fault here is shown to break (printed, so the gap stays visible). */
  @org.junit.jupiter.api.Test
  void coverage() {
    TreeSet<String> shown =
        faults().flatMap(a -> ((List<?>) a.get()[1]).stream()).map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
    System.out.println("teeth: " + shown.size() + " rules shown to fail on a broken transport: " + shown);
    assertThat(shown).as("rules shown to fail").hasSizeGreaterThanOrEqualTo(95); // and RL-5, in wholeRunCensusCatchesALeakOtherRulesCause
  }

  /** Runs the rules through the launcher and returns their lines of the certification report. */
  static Map<String, RuleResult> runRules(Class<?> kit, List<String> rules) {
    PostDiscoveryFilter only =
        d -> FilterResult.includedIf(!d.isTest() || rules.contains(d.getDisplayName().split(" ", 2)[0]));
    var request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(kit))
            .filters(only)
            .configurationParameter("qtalk.tck.reportDir", "target/tck-reports/teeth")
            .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
            .build();
    Launcher launcher =
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());
    CertificationListener listener = new CertificationListener();
    launcher.execute(request, listener);
    List<CertificationReport> reports = listener.reports();
    assertThat(reports).as("reports of %s", kit.getSimpleName()).hasSize(1);
    Map<String, RuleResult> byRule =
        reports.get(0).results().stream().collect(Collectors.toMap(RuleResult::rule, Function.identity()));
    assertThat(byRule.keySet()).as("rules that ran").containsExactlyInAnyOrderElementsOf(rules);
    return byRule;
  }
}
