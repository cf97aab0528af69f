package dev.qtalk.tck;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** The kit on qmux over loopback TCP, with a raw socket as the peer for the bad-input rules. */
class TcpTckTest extends TransportTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    return SessionPair.listenAndConnect(URI.create("qmux+tcp://127.0.0.1:0"), options);
  }

  @Override
  protected SessionListener listen(Options options) throws Exception {
    return Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"), options);
  }

  @Override
  protected SessionPair connectThrough(Options options, Route route) throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"), options)) {
      InetSocketAddress via = route.to(new InetSocketAddress("127.0.0.1", listener.uri().getPort()));
      return SessionPair.connect(listener, () -> Transports.connect(URI.create("qmux+tcp://127.0.0.1:" + via.getPort()), options));
    }
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.LISTENER,
        Capability.TCP_PROXY,
        Capability.KEEPALIVE,
        Capability.HALF_CLOSE,
        Capability.CONFIGURABLE_WINDOW,
        Capability.CONFIGURABLE_MAX_PACKET,
        Capability.CONFIGURABLE_BACKLOG,
        Capability.MAX_CHANNELS,
        Capability.WIRE_FORMAT,
        Capability.KEEPALIVE);
  }

  @Override
  protected RawPeer rawPeer(Options options) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Session session =
          Transports.connect(URI.create("qmux+tcp://127.0.0.1:" + server.getLocalPort()), options);
      Socket raw = server.accept();
      return new RawPeer(session, raw.getInputStream(), raw.getOutputStream(), raw);
    }
  }

  /** From QTALK-WIRE.md §2.9: each of these ends a qmux session with a protocol error. */
  @Override
  protected List<byte[]> malformedMessages() {
    HexFormat hex = HexFormat.of();
    return List.of(
        hex.parseHex("07000000000000000000"), // unknown message type 7
        hex.parseHex("ff00000000"), // unknown message type 255
        hex.parseHex("6800000000ffffffff"), // DATA of 4 GiB - 1: beyond any max packet size
        hex.parseHex("6800000000" + "00100001")); // DATA of 1 MiB + 1 bytes: beyond the 256 KiB max packet
  }
}
