package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
  @Test
  void aBurstIsKeptWhileBusyAndTrimmedToKeepOnceIdle() throws InterruptedException {
    BufferPool<byte[]> pool = new BufferPool<>(2, 5, () -> new byte[16]);
    List<byte[]> taken = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      taken.add(pool.take());
    }
    taken.forEach(pool::give);
    assertThat(pool.spares()).as("up to burst are kept, the rest left to the GC").isEqualTo(5);

    byte[] reused = pool.take();
    assertThat(taken).as("a take reuses a spare").anyMatch(b -> b == reused);
    pool.give(reused);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (pool.spares() > 2 && System.nanoTime() < deadline) {
      Thread.sleep(20); // polls for a condition; the trim runs on the session timers
    }
    assertThat(pool.spares()).as("an idle pool drops the spares beyond keep").isEqualTo(2);
  }

  @Test
  void aPoolAtItsKeepIsNeverTrimmed() {
    BufferPool<byte[]> pool = new BufferPool<>(3, 8, () -> new byte[16]);
    List<byte[]> taken = List.of(pool.take(), pool.take(), pool.take());
    taken.forEach(pool::give);
    assertThat(pool.spares()).isEqualTo(3);
    assertThat(pool.take()).isIn(taken);
  }
}
