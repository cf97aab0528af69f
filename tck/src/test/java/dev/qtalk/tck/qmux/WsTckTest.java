package dev.qtalk.tck.qmux;

import dev.qtalk.Options;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.Capability;
import dev.qtalk.tck.RawPeer;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The kit on qmux over a loopback WebSocket ({@code qmux+ws}, Java-WebSocket on both ends). */
class WsTckTest extends TransportTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    return SessionPair.listenAndConnect(URI.create("qmux+ws://127.0.0.1:0/tck"), options);
  }

  @Override
  protected SessionListener listen(Options options) throws Exception {
    return Transports.listen(URI.create("qmux+ws://127.0.0.1:0/tck"), options);
  }

  @Override
  protected SessionPair connectThrough(Options options, Route route) throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+ws://127.0.0.1:0/tck"), options)) {
      InetSocketAddress via = route.to(new InetSocketAddress("127.0.0.1", listener.uri().getPort()));
      return SessionPair.connect(listener, () -> Transports.connect(URI.create("qmux+ws://127.0.0.1:" + via.getPort() + "/tck"), options));
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
        Capability.WIRE_FORMAT);
  }

  /** The session is a qmux+ws client; its peer is a plain WebSocket server handing the kit frames. */
  @Override
  protected RawPeer rawPeer(Options options) throws Exception {
    return RawWebSocketPeer.connect(options);
  }

  @Override
  protected List<byte[]> malformedMessages() {
    return QmuxMalformed.messages();
  }
}
