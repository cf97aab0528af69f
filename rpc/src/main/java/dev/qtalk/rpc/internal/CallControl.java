package dev.qtalk.rpc.internal;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.rpc.CallCancelledException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The deadline and cancellation of one outgoing call. Either ends the call by closing its channel,
 * which wakes whatever read or write the call is blocked in; the call then reports why.
 */
public final class CallControl {
  private static final ScheduledExecutorService TIMER = timer();

  private enum Ending { NONE, CANCELLED, EXPIRED, DONE }

  private final String selector;
  private final long deadlineNanos;
  private final Duration timeout;
  private final ReentrantLock lock = new ReentrantLock();
  private Channel channel;
  private Ending ending = Ending.NONE;
  private ScheduledFuture<?> timerTask;

  /** @param timeout zero for no deadline */
  public CallControl(String selector, Duration timeout) {
    this.selector = selector;
    this.timeout = timeout;
    this.deadlineNanos = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    if (!timeout.isZero()) {
      timerTask = TIMER.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** What is left of the deadline (for the channel open), or null when there is none. */
  public Duration remaining() throws IOException {
    if (deadlineNanos == Long.MAX_VALUE) {
      return null;
    }
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw expired();
    }
    return Duration.ofNanos(left);
  }

  /** Ties the call's channel to this control; closes it at once if the call already ended. */
  public void attach(Channel ch) throws IOException {
    Ending e;
    lock.lock();
    try {
      e = ending;
      if (e == Ending.NONE) {
        channel = ch;
      }
    } finally {
      lock.unlock();
    }
    if (e != Ending.NONE) {
      ch.close();
      throw because(e, null);
    }
  }

  /** Cancels the call; returns false if it had already ended. */
  public boolean cancel() {
    return end(Ending.CANCELLED);
  }

  private void expire() {
    end(Ending.EXPIRED);
  }

  /** The call has its reply (or failed on its own): the deadline no longer applies. */
  public void done() {
    end(Ending.DONE);
  }

  private boolean end(Ending why) {
    Channel ch;
    ScheduledFuture<?> task;
    lock.lock();
    try {
      if (ending != Ending.NONE) {
        return false;
      }
      ending = why;
      ch = channel;
      task = timerTask;
    } finally {
      lock.unlock();
    }
    if (task != null && why != Ending.EXPIRED) {
      task.cancel(false);
    }
    if (ch != null && why != Ending.DONE) {
      try {
        ch.close();
      } catch (IOException | RuntimeException ignored) {
        // the call reports the cancellation or deadline; the close itself has nothing to add
      }
    }
    return true;
  }

  /** The exception the call should throw for {@code failure}: the deadline or cancellation if either ended it. */
  public IOException translate(IOException failure) {
    Ending e;
    lock.lock();
    try {
      e = ending;
    } finally {
      lock.unlock();
    }
    return e == Ending.CANCELLED || e == Ending.EXPIRED ? because(e, failure) : failure;
  }

  private IOException because(Ending e, IOException cause) {
    IOException out = e == Ending.EXPIRED ? expired() : new CallCancelledException("call " + selector + ": cancelled");
    if (cause != null) {
      out.addSuppressed(cause);
    }
    return out;
  }

  private DeadlineExceededException expired() {
    return new DeadlineExceededException("call " + selector + ": deadline of " + timeout + " exceeded");
  }

  private static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "qtalk-rpc-deadlines");
              th.setDaemon(true);
              return th;
            });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
