package dev.qtalk.qmux.internal;

import dev.qtalk.SessionClosedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.URI;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Accepts TLS connections in the background: a virtual thread accepts sockets and each
 * handshake runs on a virtual thread of its own (at most {@link #HANDSHAKES} at once, each
 * bounded in total by {@link dev.qtalk.StandardOptions#HANDSHAKE_TIMEOUT}, however slowly the
 * client's bytes arrive), so a slow or silent client holds up nobody and a client's
 * connect completes before the application calls {@code accept}, as with TCP. Connections whose
 * handshake succeeded wait in a queue of {@link #BACKLOG}; failed handshakes are logged and
 * dropped.
 */
final class TlsAcceptor implements QmuxListener.Acceptor {
  static final int HANDSHAKES = 64;
  static final int BACKLOG = 256;
  private static final Connection CLOSED = MemoryPipe.connectionPair("closed", 1)[0];

  private final TcpTransportProvider.SocketAcceptor addresses;
  private final SSLServerSocket server;
  private final int timeoutMillis;
  private final LinkedBlockingQueue<Connection> ready = new LinkedBlockingQueue<>(BACKLOG);
  private final Semaphore handshakes = new Semaphore(HANDSHAKES);
  private final AtomicBoolean closed = new AtomicBoolean();

  TlsAcceptor(String scheme, SSLServerSocket server, int timeoutMillis) {
    this.addresses = new TcpTransportProvider.SocketAcceptor(scheme, server);
    this.server = server;
    this.timeoutMillis = timeoutMillis;
    Thread.ofVirtual().name(scheme + "-accept").start(this::acceptLoop);
  }

  private void acceptLoop() {
    while (!closed.get()) {
      SSLSocket s;
      try {
        s = (SSLSocket) server.accept();
      } catch (IOException e) {
        if (!closed.get()) {
          QmuxSession.LOG.log(Level.WARNING, () -> "qmux+tls: accept failed, listener closing: " + e);
          close();
        }
        return;
      }
      if (!handshakes.tryAcquire()) {
        QmuxSession.LOG.log(Level.DEBUG, () -> "qmux+tls: " + HANDSHAKES + " handshakes running, dropping " + s.getRemoteSocketAddress());
        closeQuietly(s);
        continue;
      }
      Thread.ofVirtual().start(() -> {
        try {
          handshakeAndQueue(s);
        } finally {
          handshakes.release();
        }
      });
    }
  }

  private void handshakeAndQueue(SSLSocket s) {
    Connection c;
    try {
      TlsSupport.handshake(s, timeoutMillis);
      c = TlsSupport.identified(StreamConnection.of(s), s);
    } catch (IOException e) {
      QmuxSession.LOG.log(
          Level.DEBUG, () -> "qmux+tls: handshake with " + s.getRemoteSocketAddress() + " failed: " + e);
      closeQuietly(s);
      return;
    }
    if (closed.get() || !ready.offer(c)) {
      QmuxSession.LOG.log(Level.DEBUG, () -> "qmux+tls: backlog full or listener closed, dropping " + s.getRemoteSocketAddress());
      closeQuietly(s);
    } else if (closed.get() && ready.remove(c)) {
      closeQuietly(s); // the listener closed while this one was queued
    }
  }

  @Override
  public Connection accept() throws IOException {
    try {
      Connection c = ready.take();
      if (c == CLOSED) {
        ready.offer(CLOSED);
        throw new SessionClosedException("qmux+tls listener " + uri() + " is closed");
      }
      return c;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("accept: interrupted");
    }
  }

  @Override
  public SocketAddress localAddress() {
    return addresses.localAddress();
  }

  @Override
  public URI uri() {
    return addresses.uri();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      QmuxSession.LOG.log(Level.DEBUG, () -> "qmux+tls: closing the server socket: " + e);
    }
    Connection c;
    while ((c = ready.poll()) != null) {
      if (c != CLOSED) {
        try {
          c.close();
        } catch (IOException e) {
          // nobody accepted it; nothing to tell
        }
      }
    }
    ready.offer(CLOSED);
  }

  private static void closeQuietly(SSLSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already failed or closed
    }
  }
}
