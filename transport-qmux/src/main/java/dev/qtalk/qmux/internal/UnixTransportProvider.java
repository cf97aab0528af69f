package dev.qtalk.qmux.internal;

import dev.qtalk.Option;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.spi.TransportProvider;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Scheme {@code qmux+unix}: qmux over a unix domain socket, {@code qmux+unix:///path/to/socket}.
 * A listener creates the socket file (it must not exist yet) and deletes it when closed.
 */
public final class UnixTransportProvider implements TransportProvider {

  @Override
  public String scheme() {
    return "qmux+unix";
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
    UnixDomainSocketAddress address = address(uri);
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(address);
      return QmuxSession.start(new SocketChannelConnection(ch), options);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    UnixDomainSocketAddress address = address(uri);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(address, 256);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return new QmuxListener(new UnixAcceptor(uri, address, server), options);
  }

  static UnixDomainSocketAddress address(URI uri) {
    String path = uri.getPath();
    if (path == null || path.isEmpty() || path.equals("/") || uri.getAuthority() != null) {
      throw new IllegalArgumentException(
          "uri: " + uri + " (expected: qmux+unix:///absolute/path/to/socket)");
    }
    return UnixDomainSocketAddress.of(Path.of(path));
  }

  private static final class UnixAcceptor implements QmuxListener.Acceptor {
    private final URI uri;
    private final UnixDomainSocketAddress address;
    private final ServerSocketChannel server;

    UnixAcceptor(URI uri, UnixDomainSocketAddress address, ServerSocketChannel server) {
      this.uri = uri;
      this.address = address;
      this.server = server;
    }

    @Override
    public Connection accept() throws IOException {
      SocketChannel ch = server.accept();
      try {
        return new SocketChannelConnection(ch);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    @Override
    public SocketAddress localAddress() {
      return address;
    }

    @Override
    public URI uri() {
      return uri;
    }

    @Override
    public void close() throws IOException {
      try {
        server.close();
      } finally {
        try {
          Files.deleteIfExists(address.getPath());
        } catch (IOException e) {
          QmuxSession.LOG.log(Level.DEBUG, () -> "qmux+unix: deleting " + address.getPath() + ": " + e);
        }
      }
    }
  }
}
