package dev.qtalk.qmux;

import dev.qtalk.Option;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Options of {@code qmux+ws} and {@code qmux+wss}, for serving web pages as well as qmux peers.
 * The listeners also honour {@link dev.qtalk.StandardOptions#HANDSHAKE_TIMEOUT} (the total time
 * an incoming connection has to finish TLS and the WebSocket upgrade, or to send its whole HTTP
 * request and read the answer) and {@link dev.qtalk.StandardOptions#MAX_SESSIONS} (connections
 * held at once, handshaking or open; more are closed as they arrive).
 *
 * @since 0.1
 */
public final class WebSocketOptions {
  private WebSocketOptions() {}

  /**
   * A folder whose files the listener serves over plain HTTP GET on the same port as the qmux
   * WebSocket endpoint, so that a page and the server it calls share one origin ({@code /} is
   * {@code index.html}). Requests that are not WebSocket upgrades and name no file get 404.
   * Unset: no files.
   */
  public static final Option<Path> STATIC_DIR = Option.of("ws.staticDir", Path.class, null);

  /**
   * The origins whose pages may open the WebSocket, comma-separated ({@code https://app.example},
   * or {@code *} for any), besides the listener's own origin (the {@code Origin} header naming the
   * {@code Host} the request was sent to) and clients that send no {@code Origin} (programs rather
   * than browsers), which are always allowed. Any other origin gets HTTP 403 before the upgrade.
   */
  public static final Option<String> ALLOWED_ORIGINS = Option.of("ws.allowedOrigins", String.class, null);

  /**
   * A WebSocket sub-protocol ({@code Sec-WebSocket-Protocol}) that the client offers and the
   * listener requires; a handshake without it is refused. Unset: none offered, none required.
   */
  public static final Option<String> SUBPROTOCOL =
      Option.of("ws.subprotocol", String.class, null, s -> !s.isBlank() && s.chars().noneMatch(c -> c <= ' ' || c == ','), "a token");

  /**
   * The largest WebSocket message (and frame) accepted, in bytes; a larger one ends the connection
   * with close code 1009 before its payload is buffered. Unset: {@link
   * dev.qtalk.StandardOptions#MAX_PACKET_SIZE} plus 64 KiB, room for any qmux message the peer may
   * send.
   */
  public static final Option<Integer> MAX_MESSAGE_SIZE =
      Option.of("ws.maxMessageSize", Integer.class, null, v -> v >= 64, ">= 64");

  /**
   * How long a WebSocket connection may be silent before the listener sends a WebSocket ping
   * (which browsers answer by themselves); a peer that sends nothing within {@link
   * dev.qtalk.StandardOptions#KEEPALIVE_TIMEOUT} (15 s) after the ping is dropped as dead. Keeps
   * proxies from closing idle page connections. Zero turns pings off. A Java client answers pings
   * and sends its own at this interval (whole seconds, at least one).
   */
  public static final Option<Duration> PING_INTERVAL =
      Option.of("ws.pingInterval", Duration.class, Duration.ofSeconds(30), d -> !d.isNegative(), ">= 0");
}
