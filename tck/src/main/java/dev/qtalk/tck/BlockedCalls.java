package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls run on threads of their own, so a rule can see that a call is really blocked (its thread
 * parked and the call not finished) before it acts on it, instead of sleeping and hoping.
 */
final class BlockedCalls {
  private BlockedCalls() {}

  /** A call running on its own virtual thread. */
  record Call<T>(Thread thread, Future<T> future) implements Future<T> {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return future.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
      return future.isCancelled();
    }

    @Override
    public boolean isDone() {
      return future.isDone();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
      return future.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return future.get(timeout, unit);
    }
  }

  static <T> Call<T> start(String name, Callable<T> task) {
    FutureTask<T> f = new FutureTask<>(task);
    Thread t = Thread.ofVirtual().name("tck-" + name).start(f);
    return new Call<>(t, f);
  }

  /**
   * Waits (at most the prompt bound) until {@code call}'s thread is parked, and stays parked with
   * the call unfinished for 20 ms; fails if the call finished instead.
   */
  static void awaitBlocked(Future<?> future, String what) throws Exception {
    if (!(future instanceof Call<?> call)) {
      throw new IllegalArgumentException("awaitBlocked needs a call from BlockedCalls.start");
    }
    long deadline = System.nanoTime() + RuleSuite.PROMPT.toNanos();
    long parkedSince = 0;
    while (System.nanoTime() < deadline) {
      if (call.isDone()) {
        Object result;
        try {
          result = call.get();
        } catch (ExecutionException e) {
          result = e.getCause();
        }
        fail(what + " should block, but finished with " + result);
      }
      Thread.State s = call.thread().getState();
      boolean parked = s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED;
      long now = System.nanoTime();
      if (!parked) {
        parkedSince = 0;
      } else if (parkedSince == 0) {
        parkedSince = now;
      } else if (now - parkedSince >= Duration.ofMillis(20).toNanos()) {
        return;
      }
      Thread.sleep(2);
    }
    fail(what + " did not block within " + RuleSuite.PROMPT.toMillis() + " ms");
  }
}
