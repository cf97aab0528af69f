package dev.qtalk.tck;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The kit for a transport found through {@link java.util.ServiceLoader} by the scheme of a listen
 * URI, with no test code: {@link Certify} sets the system properties below and runs this class.
 *
 * <ul>
 *   <li>{@code qtalk.tck.certify.listen}: where to listen ({@code qmux+tcp://127.0.0.1:0}); each
 *       pair listens there, connects to {@code listener.uri()}, and accepts;
 *   <li>{@code qtalk.tck.certify.capabilities}: the declared {@link Capability}s, comma separated;
 *   <li>{@code qtalk.tck.certify.name}: the name in the report (default: the scheme).
 * </ul>
 *
 * <p>{@link Capability#LISTENER} is always declared: the listen URI gives the listener.
 *
 * <p>{@link Capability#WIRE_FORMAT} here means the transport speaks its wire format straight onto
 * TCP with no handshake: the raw peer is a loopback socket that {@code scheme://127.0.0.1:port}
 * connects to.
 *
 * @since 0.1
 */
public class CertifiedTransport extends TransportTck {
  static final String LISTEN = "qtalk.tck.certify.listen";
  static final String CAPABILITIES = "qtalk.tck.certify.capabilities";
  static final String NAME = "qtalk.tck.certify.name";

  static URI listenUri() {
    String uri = System.getProperty(LISTEN);
    if (uri == null || uri.isBlank()) {
      throw new IllegalStateException(LISTEN + " is not set (expected: a URI to listen on, e.g. qmux+tcp://127.0.0.1:0)");
    }
    return URI.create(uri.trim());
  }

  static Set<Capability> parseCapabilities(String list) {
    Set<Capability> caps = EnumSet.noneOf(Capability.class);
    if (list == null || list.isBlank()) {
      return caps;
    }
    for (String c : list.split(",")) {
      String name = c.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      try {
        caps.add(Capability.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "capability: " + c + " (expected one of " + Arrays.toString(Capability.values()) + ")", e);
      }
    }
    return caps;
  }

  @Override
  protected SessionPair connect(Options options) throws Exception {
    return SessionPair.listenAndConnect(listenUri(), options);
  }

  @Override
  protected SessionListener listen(Options options) throws Exception {
    return Transports.listen(listenUri(), options);
  }

  @Override
  protected Set<Capability> capabilities() {
    Set<Capability> caps = parseCapabilities(System.getProperty(CAPABILITIES));
    caps.add(Capability.LISTENER);
    return caps;
  }

  @Override
  protected String transportName() {
    String name = System.getProperty(NAME);
    return name == null || name.isBlank() ? listenUri().getScheme() : name;
  }

  @Override
  protected RawPeer rawPeer(Options options) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      URI uri = URI.create(listenUri().getScheme() + "://127.0.0.1:" + server.getLocalPort());
      Session session = Transports.connect(uri, options);
      Socket raw = server.accept();
      return new RawPeer(session, raw.getInputStream(), raw.getOutputStream(), raw);
    }
  }
}
