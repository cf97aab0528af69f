package dev.qtalk.qmux.internal;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link SessionListener} that starts a qmux session on each connection a transport accepts. */
public final class QmuxListener implements SessionListener {

  /** Accepts raw connections: a server socket, a WebSocket server, a memory rendezvous. */
  public interface Acceptor {
    Connection accept() throws IOException;

    SocketAddress localAddress();

    URI uri();

    void close() throws IOException;
  }

  private final Acceptor acceptor;
  private final Options options;
  private final AtomicBoolean closed = new AtomicBoolean();

  public QmuxListener(Acceptor acceptor, Options options) {
    this.acceptor = acceptor;
    this.options = options;
  }

  @Override
  public Session accept() throws IOException {
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
    return QmuxSession.start(c, options);
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
        QmuxSession.LOG.log(System.Logger.Level.DEBUG, () -> "closing listener " + uri() + ": " + e);
      }
    }
  }

  @Override
  public String toString() {
    return "QmuxListener[" + uri() + "]";
  }
}
