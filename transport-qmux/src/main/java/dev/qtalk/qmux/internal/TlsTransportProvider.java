package dev.qtalk.qmux.internal;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.spi.TransportProvider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Scheme {@code qmux+tls}: qmux over JDK TLS on TCP, {@code qmux+tls://host:port}.
 *
 * <p>A client verifies the server's certificate against {@link StandardOptions#TLS_TRUST_MANAGER}
 * (or the JDK's default trust store) and checks that it names the host of the URI. {@link
 * StandardOptions#TLS_INSECURE} turns both checks off, for tests only. A listener needs {@link
 * StandardOptions#TLS_KEY_MANAGER}. The handshake runs, bounded by {@link
 * StandardOptions#CONNECT_TIMEOUT}, before the session starts; a listener handshakes in the
 * background, logs and drops a failed handshake, and keeps accepting.
 */
public final class TlsTransportProvider implements TransportProvider {

  @Override
  public String scheme() {
    return "qmux+tls";
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Session connect(URI uri, Options options) throws IOException {
    InetSocketAddress address = TcpTransportProvider.address(uri);
    SSLContext ctx = TlsSupport.clientContext(options);
    int timeout = timeoutMillis(options);
    Socket raw = new Socket();
    try {
      raw.connect(address, timeout);
      SSLSocket tls =
          (SSLSocket) ctx.getSocketFactory().createSocket(raw, hostOf(uri), address.getPort(), true);
      tls.setSSLParameters(TlsSupport.clientParameters(tls.getSSLParameters(), options));
      handshake(tls, timeout);
      return QmuxSession.start(StreamConnection.of(tls), options);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    SSLContext ctx = TlsSupport.serverContext(scheme(), options);
    SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(TcpTransportProvider.address(uri), 256);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return new QmuxListener(new TlsAcceptor(scheme(), server, timeoutMillis(options)), options);
  }

  /** The URI's host without the brackets of an IPv6 literal, as certificates name it. */
  private static String hostOf(URI uri) {
    String host = uri.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static int timeoutMillis(Options options) {
    return (int) Math.min(Integer.MAX_VALUE, options.get(StandardOptions.CONNECT_TIMEOUT).toMillis());
  }

  /** Completes the handshake within {@code timeoutMillis}, then lifts the read timeout. */
  static void handshake(SSLSocket socket, int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    try {
      socket.startHandshake();
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException("TLS handshake: no answer within " + timeoutMillis + " ms");
    }
    socket.setSoTimeout(0);
  }

  /**
   * Accepts TLS connections in the background: a virtual thread accepts sockets and each
   * handshake runs on a virtual thread of its own (at most {@link #HANDSHAKES} at once, each
   * bounded by the connect timeout), so a slow or silent client holds up nobody and a client's
   * connect completes before the application calls {@code accept}, as with TCP. Connections whose
   * handshake succeeded wait in a queue of {@link #BACKLOG}; failed handshakes are logged and
   * dropped.
   */
  private static final class TlsAcceptor implements QmuxListener.Acceptor {
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
        handshake(s, timeoutMillis);
        c = StreamConnection.of(s);
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
}
