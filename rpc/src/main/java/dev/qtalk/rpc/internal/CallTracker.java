package dev.qtalk.rpc.internal;

import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one server is serving: its listeners, sessions and running calls, and its lifecycle
 * (serving, shutting down, terminated). A call that runs past a short grace gets a watcher that
 * learns when its caller hangs up and then cancels it. Sessions, listeners and handlers are only
 * ever closed or cancelled outside the lock.
 */
public final class CallTracker {
  private static final System.Logger LOG = System.getLogger("dev.qtalk.rpc");
  /** How long a call runs before the server watches for its caller hanging up. */
  static final long WATCH_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** How long a drained session stays open after its last call, for the reply to leave. */
  static final long DRAIN_LINGER_MILLIS = 200;
  private static final ScheduledExecutorService TIMER = timer();

  private static final class Served {
    int calls;
    boolean loopDone;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Set<SessionListener> listeners = new HashSet<>();
  private final Map<Session, Served> sessions = new HashMap<>();
  private final Set<ActiveCall> calls = ConcurrentHashMap.newKeySet();
  private int acceptLoops;
  private boolean shutdown;
  private ScheduledFuture<?> sweeper;

  /** Starts tracking an accept loop on {@code listener}; false (and nothing tracked) once shut down. */
  public boolean addListener(SessionListener listener) {
    lock.lock();
    try {
      if (shutdown) {
        return false;
      }
      listeners.add(listener);
      acceptLoops++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  public void listenerEnded(SessionListener listener) {
    lock.lock();
    try {
      listeners.remove(listener);
      acceptLoops--;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Starts tracking the serving of {@code session}; false once shut down. */
  public boolean addSession(Session session) {
    lock.lock();
    try {
      if (shutdown) {
        return false;
      }
      sessions.computeIfAbsent(session, s -> new Served());
      if (sweeper == null) {
        sweeper = TIMER.scheduleWithFixedDelay(this::sweep, WATCH_GRACE_NANOS, WATCH_GRACE_NANOS, TimeUnit.NANOSECONDS);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The session's accept loop has returned; its calls may still be running. */
  public void sessionLoopEnded(Session session) {
    lock.lock();
    try {
      Served s = sessions.get(session);
      if (s != null) {
        s.loopDone = true;
        if (s.calls == 0) {
          sessions.remove(session);
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    maybeStopSweeper();
  }

  /** A call starts on the current thread. */
  public ActiveCall begin(Session session, CallChannel channel) {
    ActiveCall call = new ActiveCall(session, channel, Thread.currentThread());
    lock.lock();
    try {
      sessions.computeIfAbsent(session, s -> new Served()).calls++;
    } finally {
      lock.unlock();
    }
    calls.add(call);
    return call;
  }

  /** A call has ended; after a shutdown, its session closes with its last call. */
  public void end(ActiveCall call) {
    call.done();
    calls.remove(call);
    Session close = null;
    lock.lock();
    try {
      Served s = sessions.get(call.session());
      if (s != null && --s.calls == 0) {
        if (s.loopDone) {
          sessions.remove(call.session());
        } else if (shutdown) {
          close = call.session();
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (close != null) {
      // the last reply may still be on its way out: give it a moment before the connection goes
      Session s = close;
      TIMER.schedule(s::close, DRAIN_LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }
    maybeStopSweeper();
  }

  public boolean isShutdown() {
    lock.lock();
    try {
      return shutdown;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops accepting: closes the listeners, and every session that runs no call (the others close
   * with their last call). With {@code now}, also cancels every call and closes every session.
   */
  public void shutdown(boolean now) {
    List<SessionListener> closeListeners;
    List<Session> closeSessions = new ArrayList<>();
    lock.lock();
    try {
      shutdown = true;
      closeListeners = new ArrayList<>(listeners);
      sessions.forEach((session, served) -> {
        if (now || served.calls == 0) {
          closeSessions.add(session);
        }
      });
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (SessionListener l : closeListeners) {
      try {
        l.close();
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "closing listener " + l.uri(), e);
      }
    }
    if (now) {
      for (ActiveCall c : calls) {
        c.cancel("the server is stopping now");
      }
    }
    for (Session s : closeSessions) {
      if (now) {
        s.close();
      } else {
        TIMER.schedule(s::close, DRAIN_LINGER_MILLIS, TimeUnit.MILLISECONDS); // as in end()
      }
    }
    maybeStopSweeper();
  }

  public boolean isTerminated() {
    lock.lock();
    try {
      return terminated();
    } finally {
      lock.unlock();
    }
  }

  private boolean terminated() {
    return shutdown && acceptLoops == 0 && sessions.isEmpty();
  }

  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (!terminated()) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The listeners whose sessions are being accepted. */
  public List<SessionListener> listeners() {
    lock.lock();
    try {
      return List.copyOf(listeners);
    } finally {
      lock.unlock();
    }
  }

  /** The sessions being served, and those whose calls are still finishing. */
  public List<Session> sessions() {
    lock.lock();
    try {
      return List.copyOf(sessions.keySet());
    } finally {
      lock.unlock();
    }
  }

  public int activeCalls() {
    return calls.size();
  }

  private void maybeStopSweeper() {
    ScheduledFuture<?> stop = null;
    lock.lock();
    try {
      if (sessions.isEmpty() && sweeper != null) {
        stop = sweeper;
        sweeper = null;
      }
    } finally {
      lock.unlock();
    }
    if (stop != null) {
      stop.cancel(false);
    }
  }

  /** Starts a watcher for each call that has run past the grace without answering. */
  private void sweep() {
    long now = System.nanoTime();
    for (ActiveCall call : calls) {
      if (call.claimWatch(now, WATCH_GRACE_NANOS)) {
        Thread.ofVirtual().name("qtalk-rpc-watch ch=" + call.channel().id()).start(() -> watch(call));
      }
    }
  }

  private static void watch(ActiveCall call) {
    try {
      while (call.watchable()) {
        if (!call.channel().watch()) {
          if (call.watchable()) {
            call.cancel("the caller hung up or cancelled");
          }
          return;
        }
      }
    } catch (InterruptedIOException e) {
      // nothing to watch for any longer
    }
  }

  private static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "qtalk-rpc-calls");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
