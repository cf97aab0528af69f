package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
  /** Long enough that the timer never trims during a test: the test calls the check itself. */
  private static final Duration NEVER = Duration.ofHours(1);

  @Test
  void upToBurstIsKeptAndTheRestLeftToTheCollector() {
    BufferPool<byte[]> pool = new BufferPool<>(2, 5, NEVER, () -> new byte[16]);
    List<byte[]> taken = takeAll(pool, 7);
    taken.forEach(pool::give);
    assertThat(pool.spares()).isEqualTo(5);
    byte[] reused = pool.take();
    assertThat(taken).as("a take reuses a spare").anyMatch(b -> b == reused);
  }

  @Test
  void aBusyPoolKeepsItsBurstAndAnIdleOneTrimsToKeep() {
    BufferPool<byte[]> pool = new BufferPool<>(2, 5, NEVER, () -> new byte[16]);
    takeAll(pool, 5).forEach(pool::give);
    long before = pool.takes();
    pool.give(pool.take()); // busy since the count was read

    pool.trim(before);
    assertThat(pool.spares()).as("a take since the last look: nothing is dropped").isEqualTo(5);

    pool.trim(pool.takes());
    assertThat(pool.spares()).as("no take since the last look: trimmed to keep").isEqualTo(2);
  }

  @Test
  void theTimerTrimsAnIdlePool() throws InterruptedException {
    BufferPool<byte[]> pool = new BufferPool<>(2, 5, Duration.ofMillis(50), () -> new byte[16]);
    takeAll(pool, 5).forEach(pool::give);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (pool.spares() > 2 && System.nanoTime() < deadline) {
      Thread.sleep(10); // polls for the condition: the trim runs on the shared timer thread
    }
    assertThat(pool.spares()).as("an idle pool drops the spares beyond keep").isEqualTo(2);
  }

  @Test
  void aPoolAtItsKeepIsNeverTrimmed() {
    BufferPool<byte[]> pool = new BufferPool<>(3, 8, NEVER, () -> new byte[16]);
    List<byte[]> taken = takeAll(pool, 3);
    taken.forEach(pool::give);
    pool.trim(pool.takes());
    assertThat(pool.spares()).isEqualTo(3);
    assertThat(pool.take()).isIn(taken);
  }

  private static List<byte[]> takeAll(BufferPool<byte[]> pool, int n) {
    List<byte[]> taken = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      taken.add(pool.take());
    }
    return taken;
  }
}
