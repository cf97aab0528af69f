package dev.qtalk.tck;

import java.time.Duration;

/** Waiting for threads and file descriptors to come back to a baseline. */
final class Resources {
  /** File descriptors a JVM may open on its own meanwhile (a lazily opened jar, say). */
  static final int FD_SLACK = TckProperties.intValue("qtalk.tck.fdSlack", 2);

  private Resources() {}

  /**
   * Waits until the census is at or below {@code baseline} (or, with no baseline, until two
   * censuses in a row agree), at most {@code bound}, and returns the last census.
   */
  static Census settle(Census baseline, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    Census last = Census.take();
    while (System.nanoTime() < deadline) {
      if (baseline != null && within(last, baseline)) {
        return last;
      }
      Thread.sleep(100);
      Census next = Census.take();
      if (baseline == null && next.threadCount() == last.threadCount() && next.fds() == last.fds()) {
        return next;
      }
      last = next;
    }
    return last;
  }

  static boolean within(Census now, Census baseline) {
    boolean threads = now.threadCount() <= baseline.threadCount();
    boolean fds = now.fds() < 0 || baseline.fds() < 0 || now.fds() <= baseline.fds() + FD_SLACK;
    return threads && fds;
  }
}
