package dev.qtalk.qmux.internal;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.qmux.WebSocketOptions;
import dev.qtalk.spi.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * qmux over WebSocket (Java-WebSocket), the base of {@code qmux+ws} and {@code qmux+wss}: {@code
 * qmux+ws://host:port/path} (path {@code /} when absent). Each qmux message is one binary frame;
 * incoming frames are one byte stream; the client sends an {@code Origin} header ({@code
 * http://host:port}, or {@code https://} over TLS), which Go's {@code x/net/websocket} server
 * requires. A listener on path {@code /} accepts every path, like qtalk-go's {@code ListenWS};
 * on another path it accepts that path only.
 *
 * <p>Limits: a message may be at most {@link WebSocketOptions#MAX_MESSAGE_SIZE} (by default {@link
 * StandardOptions#MAX_PACKET_SIZE} plus 64 KiB); up to 1 MiB of unread frames is buffered per
 * connection (see {@link WsConnection}), and a connection whose buffer is full stops reading its
 * socket, so the peer feels TCP backpressure; frames are written straight to the socket by the
 * session's writer, so nothing unsent piles up. The client side is {@link WsDialer}; the server
 * side is {@link WsAcceptor}, which also serves files, checks origins and pings ({@link
 * WebSocketOptions}). Both run each connection on virtual threads ({@link WsLink}).
 */
abstract class WebSocketTransport implements TransportProvider {
  private static final int FRAME_SLACK = 64 * 1024;

  private final boolean secure;

  WebSocketTransport(boolean secure) {
    this.secure = secure;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Session connect(URI uri, Options options) throws IOException {
    InetSocketAddress address = TcpTransportProvider.address(uri);
    String origin = (secure ? "https://" : "http://") + uri.getHost() + ":" + address.getPort();
    URI target =
        URI.create((secure ? "wss://" : "ws://") + uri.getRawAuthority() + path(uri)
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    WsConnection connection = WsDialer.dial(scheme(), target, address, draft(options), origin, options);
    return QmuxSession.start(connection, options);
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    InetSocketAddress address = TcpTransportProvider.address(uri);
    ServerSocket server =
        secure
            ? TlsSupport.clientAuth((javax.net.ssl.SSLServerSocket)
                TlsSupport.serverContext(scheme(), options).getServerSocketFactory().createServerSocket(), options)
            : new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(address, 256);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    WsAcceptor.Settings settings;
    try {
      settings =
          new WsAcceptor.Settings(
              path(uri),
              draft(options),
              options.get(StandardOptions.HANDSHAKE_TIMEOUT).toMillis(),
              options.get(StandardOptions.MAX_SESSIONS),
              WsOrigins.parse(options.get(WebSocketOptions.ALLOWED_ORIGINS)),
              new WsStaticFiles(staticDir(options)),
              options.get(WebSocketOptions.PING_INTERVAL).toMillis(),
              options.get(StandardOptions.KEEPALIVE_TIMEOUT).toMillis(),
              secure);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return new QmuxListener(new WsAcceptor(scheme(), server, settings), options);
  }

  private static Path staticDir(Options options) throws IOException {
    Path dir = options.get(WebSocketOptions.STATIC_DIR);
    if (dir != null && !Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "ws.staticDir: not a folder (expected: a folder of files to serve)");
    }
    return dir;
  }

  private static String path(URI uri) {
    String p = uri.getRawPath();
    return p == null || p.isEmpty() ? "/" : p;
  }

  /**
   * RFC 6455 without extensions, with the sub-protocol if one is set, refusing messages longer than
   * {@link WebSocketOptions#MAX_MESSAGE_SIZE}.
   */
  private static WsDraft draft(Options options) {
    Integer max = options.get(WebSocketOptions.MAX_MESSAGE_SIZE);
    long maxFrame = max != null ? max : (long) options.get(StandardOptions.MAX_PACKET_SIZE) + FRAME_SLACK;
    String subprotocol = options.get(WebSocketOptions.SUBPROTOCOL);
    IProtocol protocol = new Protocol(subprotocol == null ? "" : subprotocol);
    return new WsDraft(List.of(protocol), (int) Math.min(maxFrame, Integer.MAX_VALUE));
  }
}
