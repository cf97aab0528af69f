package dev.qtalk.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A blocking call on a thread of its own, with proof that it blocked: {@link #awaitBlocked} waits
 * (on the thread's state, not a sleep) until the thread is parked with the call unfinished, so a
 * test that then releases it knows it released a blocked call, not one that had not started.
 */
final class Blocking {
  private final Thread thread;
  /** What the call returned, or the Throwable it threw. */
  final CompletableFuture<Object> result = new CompletableFuture<>();

  private Blocking(Callable<?> call) {
    thread = Thread.ofVirtual().unstarted(() -> {
      try {
        result.complete(call.call());
      } catch (Throwable t) {
        result.complete(t);
      }
    });
    thread.start();
  }

  static Blocking start(Callable<?> call) {
    return new Blocking(call);
  }

  /** Waits until the call is parked inside; fails if it finished instead. */
  Blocking awaitBlocked() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      assertThat(result).as("the call blocks").isNotDone();
      Thread.State s = thread.getState();
      if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED) {
        return this;
      }
      assertThat(System.nanoTime()).as("the call reached a wait").isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  Object get() throws Exception {
    return result.get(10, TimeUnit.SECONDS);
  }
}
