package dev.qtalk;

import dev.qtalk.spi.TransportProvider;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds a transport for a URI's scheme among the {@link TransportProvider}s on the class or module
 * path, and connects or listens with it.
 *
 * <pre>{@code
 * Session session = Transports.connect(URI.create("qmux+tcp://127.0.0.1:7000"));
 * }</pre>
 *
 * <p>Options can be given as {@link Options}, as text ({@code Map.of("trust", "/etc/qtalk/ca.pem")})
 * or in the URI's query ({@code quic://host:4433?trust=/etc/qtalk/ca.pem&openTimeout=5s}), so a
 * program needs no compile-time dependency on a transport to configure it. A hierarchical URI's
 * query is always read as options and removed before the provider sees the URI; names match an
 * option's name or alias among the provider's {@link TransportProvider#supportedOptions()}.
 * Where an option is given twice, {@code Options} win over text, and text over the query. An
 * option the provider does not support fails with an {@link UnsupportedOptionException} naming it.
 *
 * @since 0.1
 */
public final class Transports {
  /** Which artifact provides each scheme this project ships, for "add this" messages. */
  private static final Map<String, String> KNOWN_ARTIFACTS =
      Map.ofEntries(
          Map.entry("qmux+tcp", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("qmux+tls", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("qmux+unix", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("qmux+stdio", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("qmux+ws", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("qmux+wss", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("mem", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("quic", "dev.qtalk:qtalk-transport-quic"),
          Map.entry("ssh", "dev.qtalk:qtalk-transport-ssh"),
          Map.entry("qmux+ssh", "dev.qtalk:qtalk-transport-ssh"));

  private static final Comparator<TransportProvider> PREFERENCE =
      Comparator.comparingInt(TransportProvider::priority)
          .reversed()
          .thenComparing(p -> p.getClass().getName());

  private Transports() {}

  /** Connects to {@code uri} with default options. */
  public static Session connect(URI uri) throws IOException {
    return connect(uri, Options.defaults());
  }

  /**
   * Connects to {@code uri} with the best available provider for its scheme.
   *
   * @throws UnsupportedOptionException if the provider does not support one of the options
   */
  public static Session connect(URI uri, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    TransportProvider p = provider(uri);
    TransportOptions.Resolved r = TransportOptions.resolve(p, uri, Map.of(), options);
    return p.connect(r.uri(), r.options());
  }

  /**
   * Connects to {@code uri} with options given as text ({@code "openTimeout" -> "5s"}).
   *
   * @throws UnsupportedOptionException if a name matches none of the provider's options
   * @throws IllegalArgumentException if a value does not parse or is not valid
   */
  public static Session connect(URI uri, Map<String, String> options) throws IOException {
    Objects.requireNonNull(options, "options");
    TransportProvider p = provider(uri);
    TransportOptions.Resolved r = TransportOptions.resolve(p, uri, options, Options.defaults());
    return p.connect(r.uri(), r.options());
  }

  /** Listens at {@code uri} with default options. */
  public static SessionListener listen(URI uri) throws IOException {
    return listen(uri, Options.defaults());
  }

  /**
   * Listens at {@code uri} with the best available provider for its scheme.
   *
   * @throws UnsupportedOptionException if the provider does not support one of the options
   */
  public static SessionListener listen(URI uri, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    TransportProvider p = provider(uri);
    TransportOptions.Resolved r = TransportOptions.resolve(p, uri, Map.of(), options);
    return p.listen(r.uri(), r.options());
  }

  /** Listens at {@code uri} with options given as text; see {@link #connect(URI, Map)}. */
  public static SessionListener listen(URI uri, Map<String, String> options) throws IOException {
    Objects.requireNonNull(options, "options");
    TransportProvider p = provider(uri);
    TransportOptions.Resolved r = TransportOptions.resolve(p, uri, options, Options.defaults());
    return p.listen(r.uri(), r.options());
  }

  /**
   * The options that {@code text} gives for the transport of {@code uri}'s scheme, e.g. from a
   * command line's {@code -o name=value}; they can be merged with others before connecting.
   *
   * @throws UnsupportedOptionException if a name matches none of the provider's options
   * @throws IllegalArgumentException if a value does not parse or is not valid
   */
  public static Options parseOptions(URI uri, Map<String, String> text) throws TransportNotFoundException {
    Objects.requireNonNull(text, "text");
    TransportProvider p = provider(uri);
    return Options.parse(text, p.supportedOptions(), " for scheme '" + p.scheme() + "'");
  }

  /**
   * The provider that {@link #connect} would use for {@code uri}.
   *
   * @throws TransportNotFoundException naming the artifact to add, and why each candidate declined
   */
  public static TransportProvider provider(URI uri) throws TransportNotFoundException {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new TransportNotFoundException(
          "no scheme in " + uri + " (expected: scheme://..., e.g. qmux+tcp://127.0.0.1:7000)");
    }
    return select(scheme.toLowerCase(Locale.ROOT), providers());
  }

  /** Every provider found, available or not, best first within each scheme, schemes sorted. */
  public static List<TransportProvider> providers() {
    List<TransportProvider> found = new ArrayList<>();
    ServiceLoader<TransportProvider> loader =
        ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader());
    var it = loader.iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        System.getLogger("dev.qtalk.transports")
            .log(System.Logger.Level.WARNING, "skipping a transport provider that failed to load", e);
      }
    }
    found.sort(Comparator.comparing(TransportProvider::scheme).thenComparing(PREFERENCE));
    return found;
  }

  /** The best available provider for {@code scheme} among {@code candidates}. */
  static TransportProvider select(String scheme, List<TransportProvider> candidates)
      throws TransportNotFoundException {
    Map<String, String> declined = new TreeMap<>();
    Optional<TransportProvider> best =
        candidates.stream()
            .filter(p -> scheme.equals(p.scheme()))
            .filter(
                p -> {
                  if (available(p)) {
                    return true;
                  }
                  declined.put(p.getClass().getName(), reason(p));
                  return false;
                })
            .min(PREFERENCE);
    if (best.isPresent()) {
      return best.get();
    }
    StringBuilder message = new StringBuilder("no transport for scheme '").append(scheme).append('\'');
    String artifact = KNOWN_ARTIFACTS.get(scheme);
    if (!declined.isEmpty()) {
      message.append("; every provider declined:");
      declined.forEach((name, why) -> message.append("\n  ").append(name).append(": ").append(why));
    } else if (artifact != null) {
      message.append(": add ").append(artifact).append(" to the class or module path");
    } else {
      message.append(": no provider on the class or module path declares it");
    }
    if (!declined.isEmpty() && artifact != null) {
      message.append("\n(scheme '").append(scheme).append("' is provided by ").append(artifact).append(')');
    }
    return throwNotFound(message.toString());
  }

  private static TransportProvider throwNotFound(String message) throws TransportNotFoundException {
    throw new TransportNotFoundException(message);
  }

  private static boolean available(TransportProvider p) {
    try {
      return p.isAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String reason(TransportProvider p) {
    try {
      return p.unavailableReason().orElse("unavailable (no reason given)");
    } catch (RuntimeException | LinkageError e) {
      return "isAvailable() failed: " + e;
    }
  }
}
