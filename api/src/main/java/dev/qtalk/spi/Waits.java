package dev.qtalk.spi;

import dev.qtalk.DeadlineExceededException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * Blocking-call helpers for transport implementations, so that every transport times out and
 * honours interruption the same way: a timeout is a {@link DeadlineExceededException}, an
 * interrupt an {@link InterruptedIOException} with the thread's interrupt flag restored.
 *
 * @since 0.1
 */
public final class Waits {
  /** The deadline of a wait without a timeout. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  private Waits() {}

  /**
   * Returns {@code timeout} if it is a valid channel timeout (zero meaning none).
   *
   * @throws IllegalArgumentException if it is negative
   */
  public static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
    }
    return timeout;
  }

  /** The {@link System#nanoTime()} by which {@code timeout} runs out; {@link #NO_DEADLINE} for zero. */
  public static long deadline(Duration timeout) {
    if (timeout.isZero()) {
      return NO_DEADLINE;
    }
    long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 4 : timeout.toNanos();
    return System.nanoTime() + nanos;
  }

  /**
   * The {@link System#nanoTime()} deadline of a timed call such as {@code Session.accept(Duration)}:
   * zero and negative timeouts mean "do not wait", so their deadline has already passed (a wait
   * through {@link #await} then throws {@link DeadlineExceededException} at once).
   *
   * @throws NullPointerException if {@code timeout} is null
   */
  public static long callDeadline(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      return System.nanoTime();
    }
    return deadline(timeout);
  }

  /**
   * Waits on {@code condition} (whose lock the caller holds) until signalled or the deadline.
   *
   * @throws DeadlineExceededException if the deadline has passed, naming {@code what}
   * @throws InterruptedIOException if the thread is interrupted
   */
  public static void await(Condition condition, long deadline, String what)
      throws DeadlineExceededException, InterruptedIOException {
    try {
      if (deadline == NO_DEADLINE) {
        condition.await();
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new DeadlineExceededException(what + ": timed out");
      }
      condition.awaitNanos(left);
    } catch (InterruptedException e) {
      throw interrupted(what);
    }
  }

  /** Takes {@code lock}, or fails with an {@link InterruptedIOException} if interrupted. */
  public static void lockInterruptibly(Lock lock, String what) throws InterruptedIOException {
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      throw interrupted(what);
    }
  }

  /** Restores the thread's interrupt flag and returns the exception to throw. */
  public static InterruptedIOException interrupted(String what) {
    Thread.currentThread().interrupt();
    return new InterruptedIOException(what + ": interrupted");
  }
}
