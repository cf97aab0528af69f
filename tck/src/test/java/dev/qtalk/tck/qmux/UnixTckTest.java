package dev.qtalk.tck.qmux;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.Capability;
import dev.qtalk.tck.RawPeer;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The kit on qmux over a unix domain socket ({@code qmux+unix}). */
class UnixTckTest extends TransportTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "qtck");
    Path socket = dir.resolve("s");
    try (SessionListener listener = Transports.listen(URI.create("qmux+unix://" + socket), options)) {
      Session client = Transports.connect(listener.uri(), options);
      return new SessionPair(client, listener.accept());
    } finally {
      // the listener deleted the socket file; the connected sessions do not need it
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  @Override
  protected SessionListener listen(Options options) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "qtck");
    return Transports.listen(URI.create("qmux+unix://" + dir.resolve("s")), options);
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.LISTENER,
        Capability.HALF_CLOSE,
        Capability.CONFIGURABLE_WINDOW,
        Capability.CONFIGURABLE_MAX_PACKET,
        Capability.CONFIGURABLE_BACKLOG,
        Capability.MAX_CHANNELS,
        Capability.WIRE_FORMAT);
  }

  /** The session connects to a plain unix socket that the kit reads and writes. */
  @Override
  protected RawPeer rawPeer(Options options) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "qtck");
    Path socket = dir.resolve("raw");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Session session = Transports.connect(URI.create("qmux+unix://" + socket), options);
      SocketChannel raw = server.accept();
      return new RawPeer(session, Channels.newInputStream(raw), Channels.newOutputStream(raw), raw);
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  @Override
  protected List<byte[]> malformedMessages() {
    return QmuxMalformed.messages();
  }
}
