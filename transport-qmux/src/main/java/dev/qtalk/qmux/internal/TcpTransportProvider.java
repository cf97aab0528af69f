package dev.qtalk.qmux.internal;

import dev.qtalk.Option;
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
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Collection;

/** Scheme {@code qmux+tcp}: qmux over a plain TCP connection, {@code qmux+tcp://host:port}. */
public final class TcpTransportProvider implements TransportProvider {

  @Override
  public String scheme() {
    return "qmux+tcp";
  }

  @Override
  public Collection<Option<?>> supportedOptions() {
    return SupportedOptions.QMUX;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Session connect(URI uri, Options options) throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      // a blocking SocketChannel's socket adaptor connects with a timeout
      channel.socket().connect(address(uri), (int) options.get(StandardOptions.CONNECT_TIMEOUT).toMillis());
      return QmuxSession.start(new SocketChannelConnection(channel), options);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(address(uri), 256);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return new QmuxListener(new SocketAcceptor(scheme(), server), options);
  }

  static InetSocketAddress address(URI uri) {
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException(
          "uri: " + uri + " (expected: " + uri.getScheme() + "://host:port)");
    }
    return new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  /** Accepts TCP connections from a bound server socket or server socket channel. */
  static final class SocketAcceptor implements QmuxListener.Acceptor {
    private final String scheme;
    private final ServerSocket server;
    private final ServerSocketChannel channel;

    /** Accepts through the channel: connections get gathering writes. */
    SocketAcceptor(String scheme, ServerSocketChannel channel) {
      this.scheme = scheme;
      this.server = channel.socket();
      this.channel = channel;
    }

    /** Accepts through a plain server socket (TLS, say). */
    SocketAcceptor(String scheme, ServerSocket server) {
      this.scheme = scheme;
      this.server = server;
      this.channel = null;
    }

    @Override
    public Connection accept() throws IOException {
      if (channel == null) {
        Socket s = server.accept();
        try {
          return StreamConnection.of(s);
        } catch (IOException e) {
          s.close();
          throw e;
        }
      }
      SocketChannel s = channel.accept();
      try {
        return new SocketChannelConnection(s);
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
      InetSocketAddress a = (InetSocketAddress) localAddress();
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
