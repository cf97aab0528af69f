package dev.qtalk.tck.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.qtalk.tck.SpecTable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The rpc rules have teeth: each fails on a transport broken in a way it checks, and passes on
 * the same wrappers without the fault ({@link BrokenKits.Sound}).
 */
@Timeout(120)
class RpcTckTeethTest {

  /** Rule id, the rule's method in {@link RpcTck}, and the broken kits that fail it. */
  static Stream<Arguments> teeth() {
    return Stream.of(
        Arguments.of("RPC-1", "unary", List.of(BrokenKits.Corrupting.class)),
        Arguments.of("RPC-2", "replies", List.of(BrokenKits.Corrupting.class)),
        Arguments.of("RPC-3", "errors", List.of(BrokenKits.Corrupting.class)),
        Arguments.of("RPC-4", "notFound", List.of(BrokenKits.CorruptingMiddle.class)),
        Arguments.of("RPC-5", "streaming", List.of(BrokenKits.NoHalfClose.class)),
        Arguments.of("RPC-6", "bytes", List.of(BrokenKits.Corrupting.class)),
        Arguments.of("RPC-7", "reverseCalls", List.of(BrokenKits.ClientOnlyOpens.class)),
        Arguments.of("RPC-8", "concurrency", List.of(BrokenKits.OneChannelAtATime.class)),
        Arguments.of("RPC-9", "cancellation", List.of(BrokenKits.EndHidden.class)),
        Arguments.of("RPC-10", "deadline", List.of(BrokenKits.EndHidden.class)),
        Arguments.of("RPC-11", "oversizedFrame", List.of(BrokenKits.Corrupting.class)));
  }

  @ParameterizedTest(name = "{0} fails on {2}")
  @MethodSource("teeth")
  void ruleFailsOnItsBrokenTransports(String rule, String method, List<Class<? extends RpcTck>> broken) {
    assertPasses(BrokenKits.Sound.class, method);
    for (Class<? extends RpcTck> kit : broken) {
      assertFails(kit, method);
    }
  }

  @Test
  void theSpecNamesTheKitsThatFailEachRule() throws Exception {
    Map<String, List<String>> expected = new TreeMap<>();
    teeth().forEach(a -> expected.put(
        (String) a.get()[0],
        ((List<?>) a.get()[2]).stream().map(k -> "BrokenKits." + ((Class<?>) k).getSimpleName()).sorted().toList()));
    Map<String, List<String>> spec = new TreeMap<>(SpecTable.shownFailingBy());
    spec.keySet().removeIf(rule -> !rule.startsWith("RPC-"));
    assertThat(spec).as("rpc rules in SPEC.md").isEqualTo(expected);
  }

  private static TestExecutionSummary run(Class<?> kit, String rule) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectMethod(kit, rule))
            .configurationParameter("qtalk.tck.report", "false") // no certificates for broken kits
            .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    return listener.getSummary();
  }

  private static void assertFails(Class<?> kit, String rule) {
    TestExecutionSummary s = run(kit, rule);
    assertThat(s.getTestsStartedCount()).as("%s.%s ran", kit.getSimpleName(), rule).isEqualTo(1);
    assertThat(s.getTestsFailedCount()).as("%s.%s failed", kit.getSimpleName(), rule).isEqualTo(1);
  }

  private static void assertPasses(Class<?> kit, String rule) {
    TestExecutionSummary s = run(kit, rule);
    assertThat(s.getTestsSucceededCount()).as("%s.%s passed", kit.getSimpleName(), rule).isEqualTo(1);
  }
}
