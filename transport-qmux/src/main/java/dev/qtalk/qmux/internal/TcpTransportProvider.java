package dev.qtalk.qmux.internal;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.spi.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;

/** Scheme {@code qmux+tcp}: qmux over a plain TCP connection, {@code qmux+tcp://host:port}. */
public final class TcpTransportProvider implements TransportProvider {

  @Override
  public String scheme() {
    return "qmux+tcp";
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Session connect(URI uri, Options options) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address(uri), (int) options.get(StandardOptions.CONNECT_TIMEOUT).toMillis());
      return QmuxSession.start(StreamConnection.of(socket), options);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(address(uri), 256);
    return new QmuxListener(new SocketAcceptor(scheme(), server), options);
  }

  static InetSocketAddress address(URI uri) {
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException(
          "uri: " + uri + " (expected: " + uri.getScheme() + "://host:port)");
    }
    return new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  /** Accepts TCP connections from a bound server socket. */
  static final class SocketAcceptor implements QmuxListener.Acceptor {
    private final String scheme;
    private final ServerSocket server;

    SocketAcceptor(String scheme, ServerSocket server) {
      this.scheme = scheme;
      this.server = server;
    }

    @Override
    public Connection accept() throws IOException {
      Socket s = server.accept();
      try {
        return StreamConnection.of(s);
      } catch (IOException e) {
        s.close();
        throw e;
      }
    }

    @Override
    public SocketAddress localAddress() {
      return server.getLocalSocketAddress();
    }

    @Override
    public URI uri() {
      InetSocketAddress a = (InetSocketAddress) server.getLocalSocketAddress();
      String host = a.getAddress().getHostAddress();
      if (host.contains(":")) {
        host = "[" + host + "]";
      }
      return URI.create(scheme + "://" + host + ":" + a.getPort());
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
