package dev.qtalk.qmux.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one timer thread of the process's qmux sessions, listeners and buffer pools: keepalives,
 * accept expiries, close drains, handshake deadlines and pool trims. Its tasks only flag, signal or
 * close; none blocks.
 */
final class Timers {
  static final ScheduledThreadPoolExecutor SHARED = create();

  private Timers() {}

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name("qmux-timer").unstarted(r));
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
