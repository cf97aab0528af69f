package dev.qtalk;

import dev.qtalk.spi.TransportProvider;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges the options of a URI's query, of text and of {@link Options} for one provider, and
 * refuses those it does not support.
 */
final class TransportOptions {
  private TransportOptions() {}

  /** A URI without its option query, and the options to use with it. */
  record Resolved(URI uri, Options options) {}

  /**
   * The URI without its query, and its query's options overridden by {@code text}'s, overridden in
   * turn by {@code options}.
   */
  static Resolved resolve(TransportProvider p, URI uri, Map<String, String> text, Options options) {
    Collection<Option<?>> supported = p.supportedOptions();
    String where = " for scheme '" + p.scheme() + "'";
    for (Option<?> o : options.asMap().keySet()) {
      if (!supported.contains(o)) {
        throw new UnsupportedOptionException(o.name(), "unsupported option '" + o.name() + "'" + where
            + " (expected one of: " + Options.names(supported) + ")");
      }
    }
    String query = uri.isOpaque() ? null : uri.getRawQuery();
    if (query == null && text.isEmpty()) {
      return new Resolved(uri, options);
    }
    Options.Builder b = Options.builder();
    if (query != null) {
      b.setAll(Options.parse(queryParameters(query), supported, where));
      uri = withoutQuery(uri);
    }
    b.setAll(Options.parse(text, supported, where));
    return new Resolved(uri, b.setAll(options).build());
  }

  /** {@code a=1&b=2} as a map, decoded; a name without {@code =} has the value "". */
  static Map<String, String> queryParameters(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (params.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException(
            "option '" + name + "' given twice in the URI query (expected: once)");
      }
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static URI withoutQuery(URI uri) {
    String s = uri.toString();
    int q = s.indexOf('?');
    int f = s.indexOf('#', q);
    return URI.create(s.substring(0, q) + (f >= 0 ? s.substring(f) : ""));
  }
}
