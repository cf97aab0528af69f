package dev.qtalk.tck.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The rpc rules have teeth: each fails on a transport broken in the way it checks. */
@Timeout(120)
class RpcTckTeethTest {

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

  @Test
  void unaryFailsWhenBytesAreCorrupted() {
    assertPasses(BrokenKits.Sound.class, "unary");
    assertFails(BrokenKits.Corrupting.class, "unary");
  }

  @Test
  void bytesFailWhenBytesAreCorrupted() {
    assertPasses(BrokenKits.Sound.class, "bytes");
    assertFails(BrokenKits.Corrupting.class, "bytes");
  }

  @Test
  void streamingFailsWithoutHalfClose() {
    assertPasses(BrokenKits.Sound.class, "streaming");
    assertFails(BrokenKits.NoHalfClose.class, "streaming");
  }
}
