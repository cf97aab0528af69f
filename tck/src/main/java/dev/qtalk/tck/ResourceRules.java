package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rules RL-*: threads and file descriptors come back to a baseline, and closed channels and
 * sessions leave no heap behind. Threads the JDK and the test
 * harness keep for themselves are not counted (see {@link Census}); file descriptors may exceed
 * the baseline by {@code qtalk.tck.fdSlack} (2).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ResourceRules extends RuleSuite {
  static final Duration SETTLE = Duration.ofSeconds(TckProperties.intValue("qtalk.tck.settleSeconds", 10));

  ResourceRules(TransportTck kit) {
    super(kit);
  }

  /** A census after the kit's warm-up, for rules that compare with their own starting point. */
  final Census localBaseline() throws Exception {
    Baseline.boundedWarmUp(kit);
    return Resources.settle(null, Duration.ofMillis(300));
  }

  final void assertBackTo(Census baseline, String after) throws Exception {
    Census now = Resources.settle(baseline, SETTLE);
    note("census", "baseline " + baseline + "; after " + now);
    assertThat(now.threadCount())
        .as("threads %s s after %s (extra: %s)", SETTLE.toSeconds(), after, now.extraThreads(baseline))
        .isLessThanOrEqualTo(baseline.threadCount());
    if (now.fds() >= 0 && baseline.fds() >= 0) {
      assertThat(now.fds())
          .as("open file descriptors %s s after %s (extra: %s)", SETTLE.toSeconds(), after, now.extraFds(baseline))
          .isLessThanOrEqualTo(baseline.fds() + Resources.FD_SLACK);
    }
  }

  /** Five sessions with 20 channels each that move bytes, all closed in an orderly way. */
  final void orderlyWorkload() throws Exception {
    List<SessionPair> pairs = new ArrayList<>();
    for (int s = 0; s < 5; s++) {
      SessionPair p = kit.connect(dev.qtalk.Options.defaults());
      pairs.add(p);
      for (int c = 0; c < 20; c++) {
        Channel[] ch = openPair(p);
        OpenAcceptRules.exchange(ch[0], ch[1]);
        ch[0].close();
        ch[1].close();
      }
    }
    pairs.forEach(SessionPair::close);
    for (SessionPair p : pairs) {
      await(p.client().closeFuture(), PROMPT, "closeFuture");
      await(p.server().closeFuture(), PROMPT, "closeFuture");
    }
  }

  @Test
  @Order(1)
  @DisplayName("RL-1 threads return to the baseline after 5 sessions x 20 channels are used and closed")
  void threadsAfterOrderlyClose() throws Exception {
    Census baseline = localBaseline();
    orderlyWorkload();
    assertBackTo(baseline, "5 sessions x 20 channels");
  }

  @Test
  @Order(2)
  @DisplayName("RL-2 threads and file descriptors return to the baseline after sessions end abruptly with calls blocked")
  void afterAbruptClose() throws Exception {
    Census baseline = localBaseline();
    for (int s = 0; s < 5; s++) {
      SessionPair p = kit.connect(dev.qtalk.Options.defaults());
      Channel[] ch = openPair(p);
      Future<Integer> r1 = closeLaterCall(BlockedCalls.start("read", () -> ch[0].read(ByteBuffer.allocate(8))));
      Future<Integer> r2 = closeLaterCall(BlockedCalls.start("read", () -> ch[1].read(ByteBuffer.allocate(8))));
      Future<Channel> a = closeLaterCall(BlockedCalls.start("accept", p.server()::accept));
      BlockedCalls.awaitBlocked(r1, "a read");
      BlockedCalls.awaitBlocked(r2, "a read");
      BlockedCalls.awaitBlocked(a, "an accept");
      (s % 2 == 0 ? p.client() : p.server()).close();
      awaitFailure(r1, PROMPT, "a blocked read");
      awaitFailure(r2, PROMPT, "a blocked read");
      awaitFailure(a, PROMPT, "a blocked accept");
      p.close();
    }
    assertBackTo(baseline, "5 abrupt session closes");
  }

  @Test
  @Order(3)
  @DisplayName("RL-3 file descriptors return to the baseline after 10 sessions are opened and closed")
  void fdsAfterSessions() throws Exception {
    Census baseline = localBaseline();
    for (int s = 0; s < 10; s++) {
      try (SessionPair p = kit.connect(dev.qtalk.Options.defaults())) {
        Channel[] ch = openPair(p);
        OpenAcceptRules.exchange(ch[0], ch[1]);
      }
    }
    assertBackTo(baseline, "10 sessions");
  }

  @Test
  @Order(4)
  @DisplayName("RL-4 both sessions' closeFuture completes promptly after either side closes, with or without open channels")
  void closeFutureCompletes() throws Exception {
    for (boolean clientCloses : new boolean[] {true, false}) {
      SessionPair p = pair();
      openPair(p);
      (clientCloses ? p.client() : p.server()).close();
      await(p.client().closeFuture(), PROMPT, "the client's closeFuture");
      await(p.server().closeFuture(), PROMPT, "the server's closeFuture");
    }
  }

  /** Heap a closed channel may leave behind, on average: generous; a leak keeps kilobytes. */
  static final long HEAP_PER_CHANNEL = TckProperties.bytes("qtalk.tck.heapPerChannel", 2048);
  /** Heap a closed session may leave behind, on average. */
  static final long HEAP_PER_SESSION = TckProperties.bytes("qtalk.tck.heapPerSession", 64 * 1024);
  static final int HEAP_CHANNELS = TckProperties.intValue("qtalk.tck.heapChannels", 5_000);
  static final int HEAP_SESSIONS = TckProperties.intValue("qtalk.tck.heapSessions", 50);

  @Test
  @Order(5)
  @org.junit.jupiter.api.Timeout(300)
  @DisplayName("RL-6 heap after GC stays flat over 5,000 channels opened, used and closed on one session (at most 2 KiB each, plus 16 MiB)")
  void heapPerClosedChannel() throws Exception {
    SessionPair p = pair();
    for (int i = 0; i < 200; i++) { // warm-up: pools and caches fill before the first reading
      Channel[] ch = openPair(p);
      OpenAcceptRules.exchange(ch[0], ch[1]);
      ch[0].close();
      ch[1].close();
    }
    long before = Heap.usedAfterGc();
    for (int i = 0; i < HEAP_CHANNELS; i++) {
      Channel[] ch = openPair(p);
      OpenAcceptRules.exchange(ch[0], ch[1]);
      ch[0].close();
      ch[1].close();
    }
    long grown = Heap.usedAfterGc() - before;
    note("heapGrowthBytes", grown);
    assertThat(grown)
        .as("heap kept after %s closed channels (bytes)", HEAP_CHANNELS)
        .isLessThanOrEqualTo(HEAP_CHANNELS * HEAP_PER_CHANNEL + (16 << 20));
  }

  @Test
  @Order(6)
  @org.junit.jupiter.api.Timeout(300)
  @DisplayName("RL-7 heap after GC stays flat over 50 sessions opened, used and closed (at most 64 KiB each, plus 8 MiB)")
  void heapPerClosedSession() throws Exception {
    for (int i = 0; i < 3; i++) {
      try (SessionPair p = kit.connect(dev.qtalk.Options.defaults())) {
        Channel[] ch = openPair(p);
        OpenAcceptRules.exchange(ch[0], ch[1]);
      }
    }
    long before = Heap.usedAfterGc();
    for (int i = 0; i < HEAP_SESSIONS; i++) {
      SessionPair p = kit.connect(dev.qtalk.Options.defaults());
      try (p) {
        Channel[] ch = openPair(p);
        OpenAcceptRules.exchange(ch[0], ch[1]);
      }
      await(p.client().closeFuture(), PROMPT, "closeFuture");
      await(p.server().closeFuture(), PROMPT, "closeFuture");
    }
    long grown = Heap.usedAfterGc() - before;
    note("heapGrowthBytes", grown);
    assertThat(grown)
        .as("heap kept after %s closed sessions (bytes)", HEAP_SESSIONS)
        .isLessThanOrEqualTo(HEAP_SESSIONS * HEAP_PER_SESSION + (8 << 20));
  }

  @Test
  @Order(99)
  @DisplayName("RL-5 after every suite of the kit, threads and file descriptors are back to the baseline taken before the first")
  void wholeKit() throws Exception {
    Census baseline = Baseline.get();
    assertThat(baseline).as("the baseline of this run").isNotNull();
    cleanUpNow();
    assertBackTo(baseline, "the whole kit");
  }

  /** Releases this test's own tasks first, so they are not counted. */
  private void cleanUpNow() {
    tasks.shutdownNow();
  }
}
