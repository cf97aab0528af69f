package dev.qtalk.qmux.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Logs protocol errors from peers at a bounded rate, so that a flood of bad connections cannot
 * decide how much this process logs: at most {@link #BURST} lines per {@link #PERIOD_NANOS}, then
 * one line saying how many were left out. Counters say how many there were in all.
 */
public final class ProtocolLog {
  static final int BURST = 10;
  static final long PERIOD_NANOS = 60_000_000_000L;

  private static final AtomicLong ERRORS = new AtomicLong();
  private static final AtomicLong SUPPRESSED = new AtomicLong();
  private static final ReentrantLock LOCK = new ReentrantLock();
  // guarded by LOCK
  private static long periodStart = System.nanoTime();
  private static int logged;
  private static long suppressedInPeriod;

  private ProtocolLog() {}

  /** How many sessions in this process have ended with a protocol error from their peer. */
  public static long errors() {
    return ERRORS.get();
  }

  /** How many of those were not logged, to keep within the rate. */
  public static long suppressed() {
    return SUPPRESSED.get();
  }

  /** Counts one protocol error and logs it unless the rate is exceeded. */
  static void protocolError(String session, String message) {
    ERRORS.incrementAndGet();
    long left = 0;
    boolean log;
    LOCK.lock();
    try {
      long now = System.nanoTime();
      if (now - periodStart >= PERIOD_NANOS) {
        left = suppressedInPeriod;
        periodStart = now;
        logged = 0;
        suppressedInPeriod = 0;
      }
      log = logged < BURST;
      if (log) {
        logged++;
      } else {
        suppressedInPeriod++;
      }
    } finally {
      LOCK.unlock();
    }
    if (left > 0) {
      QmuxSession.LOG.log(Level.WARNING, left + " more protocol errors were not logged in the last minute");
    }
    if (log) {
      QmuxSession.LOG.log(Level.WARNING, session + ": ending session: protocol error: " + message);
    } else {
      SUPPRESSED.incrementAndGet();
    }
  }
}
