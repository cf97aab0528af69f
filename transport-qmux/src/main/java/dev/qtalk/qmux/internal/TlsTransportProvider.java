package dev.qtalk.qmux.internal;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.spi.TransportProvider;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
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
 * StandardOptions#CONNECT_TIMEOUT}, before the session starts; on a listener a failed handshake is
 * logged and the listener keeps accepting.
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

  /** Accepts TLS connections, skipping (and logging) those whose handshake fails. */
  private static final class TlsAcceptor implements QmuxListener.Acceptor {
    private final TcpTransportProvider.SocketAcceptor addresses;
    private final SSLServerSocket server;
    private final int timeoutMillis;

    TlsAcceptor(String scheme, SSLServerSocket server, int timeoutMillis) {
      this.addresses = new TcpTransportProvider.SocketAcceptor(scheme, server);
      this.server = server;
      this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Connection accept() throws IOException {
      while (true) {
        SSLSocket s = (SSLSocket) server.accept();
        try {
          handshake(s, timeoutMillis);
          return StreamConnection.of(s);
        } catch (IOException e) {
          QmuxSession.LOG.log(
              Level.DEBUG, () -> "qmux+tls: handshake with " + s.getRemoteSocketAddress() + " failed: " + e);
          s.close();
        }
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
    public void close() throws IOException {
      server.close();
    }
  }
}
