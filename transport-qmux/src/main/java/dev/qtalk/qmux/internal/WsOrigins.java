package dev.qtalk.qmux.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which pages may open a listener's WebSocket ({@code WebSocketOptions.ALLOWED_ORIGINS}): a
 * browser names the page's origin in the {@code Origin} header, and a page from anywhere else
 * must not reach the server with the user's cookies and network position (cross-site WebSocket
 * hijacking). Always allowed: requests without {@code Origin} (not from a browser) and the
 * listener's own origin, the one whose host and port the request's {@code Host} header names.
 */
final class WsOrigins {
  private final boolean any;
  private final Set<String> allowed;

  private WsOrigins(boolean any, Set<String> allowed) {
    this.any = any;
    this.allowed = allowed;
  }

  /** @param list comma-separated origins, {@code *} for any, or null for same-origin only */
  static WsOrigins parse(String list) {
    if (list == null) {
      return new WsOrigins(false, Set.of());
    }
    Set<String> origins =
        Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(WsOrigins::normalize)
            .collect(Collectors.toUnmodifiableSet());
    for (String o : origins) {
      if (!o.equals("*") && !o.matches("[a-z][a-z0-9+.-]*://[^/?#\\s]+")) {
        throw new IllegalArgumentException(
            "ws.allowedOrigins: " + o + " (expected: scheme://host[:port], comma-separated, or *)");
      }
    }
    return new WsOrigins(origins.contains("*"), origins);
  }

  /** Whether a request with these headers may upgrade; {@code secure}: the listener speaks TLS. */
  boolean allows(Optional<String> origin, Optional<String> host, boolean secure) {
    if (origin.isEmpty() || any) {
      return true;
    }
    String o = normalize(origin.get());
    if (allowed.contains(o)) {
      return true;
    }
    return host.isPresent() && o.equals(normalize((secure ? "https://" : "http://") + host.get()));
  }

  /** Lower case, without the scheme's default port. */
  private static String normalize(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    if (o.startsWith("http://") && o.endsWith(":80")) {
      return o.substring(0, o.length() - 3);
    }
    if (o.startsWith("https://") && o.endsWith(":443")) {
      return o.substring(0, o.length() - 4);
    }
    return o;
  }
}
