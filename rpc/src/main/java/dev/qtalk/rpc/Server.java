package dev.qtalk.rpc;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.rpc.internal.CallDispatcher;
import dev.qtalk.rpc.internal.CallTracker;
import dev.qtalk.rpc.internal.Frames;
import dev.qtalk.spi.SessionEvents;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Serves the calls that arrive on sessions: each accepted channel is a call, served on its own
 * virtual thread, answered in the codec and dialect it arrived in (so one server serves qtalk-go,
 * qtalk-js and duplex clients alike). At most {@link Builder#maxConcurrentCalls} calls run at once
 * per session; beyond that the server stops accepting until one ends, and the transport's accept
 * backlog bounds the rest.
 *
 * <p>A server has a lifecycle, as gRPC's has:
 *
 * <pre>{@code
 * Server server = Server.of(mux).start(Transports.listen(uri));   // accepts on a virtual thread
 * ...
 * server.shutdown();                          // stop accepting; calls in progress finish
 * if (!server.awaitTermination(Duration.ofSeconds(10))) {
 *   server.shutdownNow();                     // cancel what is left and close every session
 * }
 * }</pre>
 *
 * <p>After {@link #shutdown()}, new calls on sessions still open are refused with an error that
 * reaches the caller as an {@link UnavailableException}, and each session closes once its last
 * call ends. A handler's exception is logged at WARNING and answered with a generic text (see
 * {@link ReplyException}); a call that the caller abandons never stops the session's serving.
 *
 * @since 0.1
 */
public final class Server {
  private static final System.Logger LOG = System.getLogger("dev.qtalk.rpc");

  private final Handler handler;
  private final int maxConcurrentCalls;
  private final int maxFrameSize;
  private final Dialect fallbackDialect;
  private final boolean exposeExceptionMessages;
  private final RpcListener listener;
  private final CallTracker tracker = new CallTracker();

  private Server(Builder b) {
    this.handler = b.handler;
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    this.maxFrameSize = b.maxFrameSize;
    this.fallbackDialect = b.fallbackDialect;
    this.exposeExceptionMessages = b.exposeExceptionMessages;
    this.listener = b.listener;
  }

  /** A server with the defaults: 1024 concurrent calls per session, 16 MiB frames. */
  public static Server of(Handler handler) {
    return builder(handler).build();
  }

  public static Builder builder(Handler handler) {
    return new Builder(Objects.requireNonNull(handler, "handler"));
  }

  public Handler handler() {
    return handler;
  }

  /**
   * Serves {@code session} until it ends; returns normally then. Calls in progress keep running
   * until they finish or their channels fail. After {@link #shutdown()}, closes the session at
   * once and returns.
   *
   * @throws InterruptedIOException if the thread is interrupted (the session stays open)
   */
  public void respond(Session session) throws IOException {
    respond(session, "");
  }

  private void respond(Session session, String scheme) throws IOException {
    Objects.requireNonNull(session, "session");
    if (!tracker.addSession(session)) {
      session.close();
      return;
    }
    SessionEvents.observe(session, scheme, "server");
    if (listener != null) {
      CallDispatcher.notify(() -> listener.sessionStarted(session));
    }
    try {
      acceptCalls(session);
    } finally {
      tracker.sessionLoopEnded(session);
      if (listener != null) {
        CallDispatcher.notify(() -> listener.sessionEnded(session));
      }
    }
  }

  private void acceptCalls(Session session) throws IOException {
    CallDispatcher dispatcher = new CallDispatcher(
        session, handler, maxFrameSize, fallbackDialect, tracker, exposeExceptionMessages, listener);
    Semaphore permits = new Semaphore(maxConcurrentCalls);
    while (true) {
      try {
        while (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
          if (!session.isOpen()) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("respond: interrupted");
      }
      Channel ch;
      try {
        ch = session.accept();
      } catch (SessionClosedException e) {
        permits.release();
        return;
      } catch (InterruptedIOException e) {
        permits.release();
        throw e;
      } catch (IOException | RuntimeException e) {
        permits.release();
        if (!session.isOpen()) {
          return;
        }
        // one channel failed before it could be served (the caller gave up on it): serve the rest
        LOG.log(Level.DEBUG, "accepting a call on " + session.remoteAddress() + " failed", e);
        continue;
      }
      Thread.ofVirtual()
          .name("qtalk-rpc " + session.remoteAddress() + " ch=" + ch.id())
          .start(
              () -> {
                try {
                  dispatcher.serve(ch);
                } finally {
                  permits.release();
                }
              });
    }
  }

  /** Serves {@code session} on a virtual thread; the thread ends with the session. */
  public Thread start(Session session) {
    return start(session, "");
  }

  private Thread start(Session session, String scheme) {
    Objects.requireNonNull(session, "session");
    return Thread.ofVirtual()
        .name("qtalk-rpc-server " + session.remoteAddress())
        .start(
            () -> {
              try {
                respond(session, scheme);
              } catch (IOException e) {
                LOG.log(Level.DEBUG, "stopped serving " + session.remoteAddress(), e);
              }
            });
  }

  /**
   * Accepts sessions from {@code listener} and serves each, until the listener is closed or the
   * server is shut down (which closes it).
   */
  public void serve(SessionListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    if (!tracker.addListener(listener)) {
      listener.close();
      return;
    }
    try {
      while (true) {
        Session s;
        try {
          s = listener.accept();
        } catch (SessionClosedException e) {
          return;
        } catch (IOException e) {
          if (tracker.isShutdown()) {
            return;
          }
          throw e;
        }
        start(s, listener.uri().getScheme());
      }
    } finally {
      tracker.listenerEnded(listener);
    }
  }

  /**
   * Accepts sessions from {@code listener} on a virtual thread and serves each, until {@link
   * #shutdown()}; returns this server, the handle to stop it with.
   */
  public Server start(SessionListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (!tracker.addListener(listener)) {
      throw new IllegalStateException("start: the server is shut down (expected: a new Server)");
    }
    Thread.ofVirtual()
        .name("qtalk-rpc-accept " + listener.uri())
        .start(
            () -> {
              try {
                acceptSessions(listener);
              } catch (IOException e) {
                if (!tracker.isShutdown()) {
                  LOG.log(Level.WARNING, "stopped accepting sessions at " + listener.uri(), e);
                }
              } finally {
                tracker.listenerEnded(listener);
              }
            });
    return this;
  }

  private void acceptSessions(SessionListener listener) throws IOException {
    while (true) {
      Session s;
      try {
        s = listener.accept();
      } catch (SessionClosedException e) {
        return;
      }
      start(s, listener.uri().getScheme());
    }
  }

  /**
   * Stops accepting sessions (closing the listeners) and calls; calls in progress run to their
   * end, and each session closes after its last one. Returns at once; idempotent.
   */
  public Server shutdown() {
    tracker.shutdown(false);
    return this;
  }

  /**
   * {@link #shutdown()}, and also cancels every call in progress (interrupting its handler) and
   * closes every session at once.
   */
  public Server shutdownNow() {
    tracker.shutdown(true);
    return this;
  }

  public boolean isShutdown() {
    return tracker.isShutdown();
  }

  /** Whether, after a shutdown, every listener, session and call has ended. */
  public boolean isTerminated() {
    return tracker.isTerminated();
  }

  /**
   * Waits until the server has terminated or {@code timeout} has passed.
   *
   * @return whether it terminated
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    return tracker.awaitTermination(timeout);
  }

  /** The sessions being served (and those whose calls are still finishing), at this moment. */
  public List<Session> sessions() {
    return tracker.sessions();
  }

  /** The listeners this server accepts sessions from, until {@link #shutdown()}. */
  public List<SessionListener> listeners() {
    return tracker.listeners();
  }

  /** How many calls are running now, over all sessions. */
  public int activeCalls() {
    return tracker.activeCalls();
  }

  /** Configures a {@link Server}. */
  public static final class Builder {
    private final Handler handler;
    private int maxConcurrentCalls = 1024;
    private int maxFrameSize = Frames.DEFAULT_MAX_FRAME_SIZE;
    private Dialect fallbackDialect = Dialect.QTALK;
    private boolean exposeExceptionMessages;
    private RpcListener listener;

    private Builder(Handler handler) {
      this.handler = handler;
    }

    /** How many calls of one session run at once (default 1024). */
    public Builder maxConcurrentCalls(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentCalls: " + max + " (expected: > 0)");
      }
      this.maxConcurrentCalls = max;
      return this;
    }

    /** The largest frame a caller may send (default 16 MiB); a larger one fails that call only. */
    public Builder maxFrameSize(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxFrameSize: " + max + " (expected: > 0)");
      }
      this.maxFrameSize = max;
      return this;
    }

    /** The dialect of replies to a call header that names no selector at all (default qtalk). */
    public Builder fallbackDialect(Dialect dialect) {
      this.fallbackDialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * Whether a handler's exception message (or class name) goes to the caller as the error text,
     * as qtalk-go sends a handler's error; off by default, when the caller gets {@value
     * ReplyException#GENERIC} and the details stay in the server's log. For development, and for
     * services whose exceptions are all meant for their callers.
     */
    public Builder exposeExceptionMessages(boolean expose) {
      this.exposeExceptionMessages = expose;
      return this;
    }

    /** Hears of sessions and calls, for metrics; see {@link RpcListener}. */
    public Builder listener(RpcListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Server build() {
      return new Server(this);
    }
  }
}
