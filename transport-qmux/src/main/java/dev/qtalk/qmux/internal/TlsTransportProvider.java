package dev.qtalk.qmux.internal;

import dev.qtalk.Option;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.spi.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Collection;
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
  public Collection<Option<?>> supportedOptions() {
    return SupportedOptions.TLS;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Session connect(URI uri, Options options) throws IOException {
    InetSocketAddress address = TcpTransportProvider.address(uri);
    int timeout = timeoutMillis(options);
    Socket raw = new Socket();
    try {
      raw.connect(address, timeout);
      SSLSocket tls = TlsSupport.clientHandshake(raw, hostOf(uri), address.getPort(), options, timeout);
      return QmuxSession.start(TlsSupport.identified(StreamConnection.of(tls), tls), options);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    SSLContext ctx = TlsSupport.serverContext(scheme(), options);
    SSLServerSocket server =
        TlsSupport.clientAuth((SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(), options);
    try {
      server.setReuseAddress(true);
      server.bind(TcpTransportProvider.address(uri), 256);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    int handshakeMillis =
        (int) Math.min(Integer.MAX_VALUE, options.get(StandardOptions.HANDSHAKE_TIMEOUT).toMillis());
    return new QmuxListener(new TlsAcceptor(scheme(), server, handshakeMillis), options);
  }

  /** The URI's host without the brackets of an IPv6 literal, as certificates name it. */
  private static String hostOf(URI uri) {
    String host = uri.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static int timeoutMillis(Options options) {
    return (int) Math.min(Integer.MAX_VALUE, options.get(StandardOptions.CONNECT_TIMEOUT).toMillis());
  }

}
