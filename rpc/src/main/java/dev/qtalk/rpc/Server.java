package dev.qtalk.rpc;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.rpc.internal.CallDispatcher;
import dev.qtalk.rpc.internal.Frames;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Serves the calls that arrive on sessions: each accepted channel is a call, served on its own
 * virtual thread, answered in the codec and dialect it arrived in (so one server serves qtalk-go,
 * qtalk-js and duplex clients alike). At most {@link Builder#maxConcurrentCalls} calls run at once
 * per session; beyond that the server stops accepting until one ends, and the transport's accept
 * backlog bounds the rest.
 */
public final class Server {
  private static final System.Logger LOG = System.getLogger("dev.qtalk.rpc");

  private final Handler handler;
  private final int maxConcurrentCalls;
  private final int maxFrameSize;
  private final Dialect fallbackDialect;

  private Server(Builder b) {
    this.handler = b.handler;
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    this.maxFrameSize = b.maxFrameSize;
    this.fallbackDialect = b.fallbackDialect;
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
   * until they finish or their channels fail.
   *
   * @throws InterruptedIOException if the thread is interrupted (the session stays open)
   */
  public void respond(Session session) throws IOException {
    Objects.requireNonNull(session, "session");
    CallDispatcher dispatcher = new CallDispatcher(session, handler, maxFrameSize, fallbackDialect);
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
      } catch (IOException | RuntimeException e) {
        permits.release();
        throw e;
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
    Objects.requireNonNull(session, "session");
    return Thread.ofVirtual()
        .name("qtalk-rpc-server " + session.remoteAddress())
        .start(
            () -> {
              try {
                respond(session);
              } catch (IOException e) {
                LOG.log(Level.DEBUG, "stopped serving " + session.remoteAddress(), e);
              }
            });
  }

  /** Accepts sessions from {@code listener} and serves each until the listener is closed. */
  public void serve(SessionListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    while (true) {
      Session s;
      try {
        s = listener.accept();
      } catch (SessionClosedException e) {
        return;
      }
      start(s);
    }
  }

  /** Configures a {@link Server}. */
  public static final class Builder {
    private final Handler handler;
    private int maxConcurrentCalls = 1024;
    private int maxFrameSize = Frames.DEFAULT_MAX_FRAME_SIZE;
    private Dialect fallbackDialect = Dialect.QTALK;

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

    public Server build() {
      return new Server(this);
    }
  }
}
