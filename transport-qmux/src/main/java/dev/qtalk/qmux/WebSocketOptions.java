package dev.qtalk.qmux;

import dev.qtalk.Option;
import java.nio.file.Path;

/**
 * Options of the {@code qmux+ws} and {@code qmux+wss} listeners, for serving web pages as well as
 * qmux peers.
 *
 * @since 0.1
 */
public final class WebSocketOptions {
  private WebSocketOptions() {}

  /**
   * A folder whose files the listener serves over plain HTTP GET on the same port as the qmux
   * WebSocket endpoint, so that a page and the server it calls share one origin. Unset: no files.
   */
  public static final Option<Path> STATIC_DIR = Option.of("ws.staticDir", Path.class, null);

  /**
   * The origins whose pages may open the WebSocket, comma-separated ({@code https://app.example},
   * or {@code *} for any). Unset: only the listener's own origin, and clients that send no Origin
   * header (programs rather than browsers).
   */
  public static final Option<String> ALLOWED_ORIGINS = Option.of("ws.allowedOrigins", String.class, null);
}
