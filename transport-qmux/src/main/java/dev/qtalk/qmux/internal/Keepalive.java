package dev.qtalk.qmux.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Finds dead peers and idle sessions without a wire change. When nothing has been heard from the
 * peer for the interval, it sends an OPEN with max packet 0 from the reserved id {@link
 * ChannelTable#PING_ID}: qtalk-go, qtalk-js and {@code @progrium/duplex} all refuse such an OPEN
 * with OPEN_FAILURE before their application sees it, so the answer proves the peer alive. No
 * answer within the timeout ends the session as dead. Separately, a session with no traffic for
 * the idle timeout is ended. Runs on the shared timer thread; holds no lock across I/O.
 */
final class Keepalive {
  /** What the keepalive asks of its session. */
  interface Session {
    /** Queues the ping; never blocks. */
    void ping();

    /** The peer did not answer in time. */
    void dead(Duration waited);

    /** Nothing flowed for the idle timeout. */
    void idle(Duration idleFor);
  }

  private final long interval;
  private final long timeout;
  private final long idleTimeout;
  private final Session session;
  private volatile long lastHeard = System.nanoTime();
  private volatile long lastTraffic = System.nanoTime();
  // only touched by the timer thread and pong (volatile for the reader's pong)
  private volatile long pingSent;
  private volatile boolean pingOutstanding;
  private final java.util.concurrent.atomic.AtomicLong pongs = new java.util.concurrent.atomic.AtomicLong();
  private ScheduledFuture<?> task;

  private Keepalive(Duration interval, Duration timeout, Duration idleTimeout, Session session) {
    this.interval = interval.toNanos();
    this.timeout = timeout.toNanos();
    this.idleTimeout = idleTimeout.toNanos();
    this.session = session;
  }

  /** Starts checking, or returns null if both keepalive and idle timeout are off. */
  static Keepalive start(
      Duration interval, Duration timeout, Duration idleTimeout, Session session, ScheduledThreadPoolExecutor timers) {
    if (interval.isZero() && idleTimeout.isZero()) {
      return null;
    }
    Keepalive k = new Keepalive(interval, timeout, idleTimeout, session);
    long period = Long.MAX_VALUE;
    for (long d : new long[] {k.interval, k.idleTimeout, interval.isZero() ? 0 : k.timeout}) {
      if (d > 0) {
        period = Math.min(period, d / 4);
      }
    }
    period = Math.max(period, TimeUnit.MILLISECONDS.toNanos(5));
    k.task = timers.scheduleWithFixedDelay(k::tick, period, period, TimeUnit.NANOSECONDS);
    return k;
  }

  /** Something arrived from the peer. */
  void heard() {
    lastHeard = System.nanoTime();
  }

  /** Something other than a keepalive went either way. */
  void traffic() {
    long now = System.nanoTime();
    lastTraffic = now;
    lastHeard = now;
  }

  /** The peer answered the ping. */
  void pong() {
    lastHeard = System.nanoTime();
    pingOutstanding = false;
    pongs.incrementAndGet();
  }

  /** How many pings the peer has answered. */
  long pongs() {
    return pongs.get();
  }

  void stop() {
    task.cancel(false);
  }

  private void tick() {
    long now = System.nanoTime();
    if (idleTimeout > 0 && now - lastTraffic >= idleTimeout) {
      stop();
      session.idle(Duration.ofNanos(now - lastTraffic));
      return;
    }
    if (interval == 0) {
      return;
    }
    if (pingOutstanding) {
      if (now - pingSent >= timeout) {
        stop();
        session.dead(Duration.ofNanos(now - pingSent));
      }
    } else if (now - lastHeard >= interval) {
      pingSent = now;
      pingOutstanding = true;
      session.ping();
    }
  }
}
