package dev.qtalk.qmux.internal;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SessionListener} that starts a qmux session on each connection a transport accepts. It
 * holds at most {@link StandardOptions#MAX_SESSIONS} sessions at once: a connection beyond that is
 * closed at once (and counted). Sessions it starts have keepalive on, every {@link
 * #DEFAULT_KEEPALIVE}, unless the options say otherwise: a server must find clients that vanished.
 */
public final class QmuxListener implements SessionListener {
  /** The keepalive interval of a listener's sessions when the options set none. */
  public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(30);

  /** Accepts raw connections: a server socket, a WebSocket server, a memory rendezvous. */
  public interface Acceptor {
    Connection accept() throws IOException;

    SocketAddress localAddress();

    URI uri();

    void close() throws IOException;
  }

  private final Acceptor acceptor;
  private final Options options;
  private final int maxSessions;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();

  public QmuxListener(Acceptor acceptor, Options options) {
    this.acceptor = acceptor;
    this.options =
        options.isSet(StandardOptions.KEEPALIVE_INTERVAL)
            ? options
            : options.toBuilder().set(StandardOptions.KEEPALIVE_INTERVAL, DEFAULT_KEEPALIVE).build();
    this.maxSessions = options.get(StandardOptions.MAX_SESSIONS);
  }

  /** What this listener takes its connections from. */
  Acceptor acceptor() {
    return acceptor;
  }

  @Override
  public Session accept() throws IOException {
    while (true) {
      if (closed.get()) {
        throw new SessionClosedException("listener " + uri() + " is closed");
      }
      Connection c;
      try {
        c = acceptor.accept();
      } catch (IOException e) {
        if (closed.get()) {
          throw new SessionClosedException("listener " + uri() + " is closed", e);
        }
        throw e;
      }
      if (live.incrementAndGet() > maxSessions) {
        live.decrementAndGet();
        long n = refused.incrementAndGet();
        QmuxSession.LOG.log(Level.DEBUG, () -> uri() + ": " + maxSessions + " sessions open, closing "
            + c.remoteAddress() + " (" + n + " refused so far)");
        try {
          c.close();
        } catch (IOException e) {
          // it is refused either way
        }
        continue;
      }
      QmuxSession s = QmuxSession.start(c, options);
      s.closeFuture().whenComplete((v, t) -> live.decrementAndGet());
      return s;
    }
  }

  /** How many sessions this listener holds now. */
  public int liveSessions() {
    return live.get();
  }

  /** How many connections were closed at once because {@link StandardOptions#MAX_SESSIONS} were open. */
  public long refusedConnections() {
    return refused.get();
  }

  @Override
  public SocketAddress localAddress() {
    return acceptor.localAddress();
  }

  @Override
  public URI uri() {
    return acceptor.uri();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        acceptor.close();
      } catch (IOException e) {
        QmuxSession.LOG.log(Level.DEBUG, () -> "closing listener " + uri() + ": " + e);
      }
    }
  }

  @Override
  public String toString() {
    return "QmuxListener[" + uri() + "]";
  }
}
