package dev.qtalk;

import dev.qtalk.spi.SessionEvents;
import dev.qtalk.spi.TransportProvider;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

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
      new TreeMap<>(Map.ofEntries(
          Map.entry("qmux+tcp", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("qmux+tls", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("qmux+unix", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("qmux+stdio", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("qmux+ws", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("qmux+wss", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("mem", "dev.qtalk:qtalk-transport-qmux"),
          Map.entry("quic", "dev.qtalk:qtalk-transport-quic"),
          Map.entry("ssh", "dev.qtalk:qtalk-transport-ssh"),
          Map.entry("qmux+ssh", "dev.qtalk:qtalk-transport-ssh")));

  private static final Comparator<TransportProvider> PREFERENCE =
      Comparator.comparingInt(TransportProvider::priority)
          .reversed()
          .thenComparing(p -> p.getClass().getName());

  private static final System.Logger LOG = System.getLogger("dev.qtalk.transports");

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
    return SessionEvents.observe(p.connect(r.uri(), r.options()), p.scheme(), "client");
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
    return SessionEvents.observe(p.connect(r.uri(), r.options()), p.scheme(), "client");
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
    Discovery discovery = discover();
    return select(scheme.toLowerCase(Locale.ROOT), discovery.loaded(), discovery.failed());
  }

  /**
   * Every provider found, available or not, best first within each scheme, schemes sorted. A
   * provider whose classes cannot be loaded here (a jar it needs is missing) is left out with a
   * warning; {@link #failedProviders()} says which and why.
   */
  public static List<TransportProvider> providers() {
    return discover().loaded();
  }

  /**
   * Why each provider declared on the class or module path could not be loaded, one line each
   * ({@code "NoClassDefFoundError org/java_websocket/drafts/Draft"}).
   */
  public static List<String> failedProviders() {
    return discover().failed();
  }

  /**
   * Every scheme this project ships a provider for, sorted, whether or not its provider is on the
   * class or module path.
   *
   * @since 0.1
   */
  public static Set<String> knownSchemes() {
    return java.util.Collections.unmodifiableSet(KNOWN_ARTIFACTS.keySet());
  }

  /**
   * What adds {@code scheme} to a program, for a message when it is missing ({@code "add
   * dev.qtalk:qtalk-transport-ssh to the class or module path"}); empty for a scheme this project
   * does not ship.
   *
   * @since 0.1
   */
  public static Optional<String> howToAdd(String scheme) {
    Objects.requireNonNull(scheme, "scheme");
    String artifact = KNOWN_ARTIFACTS.get(scheme.toLowerCase(Locale.ROOT));
    return Optional.ofNullable(artifact).map(a -> "add " + a + " to the class or module path");
  }

  /**
   * Why {@code provider} cannot be used here, or empty when it is available: its {@link
   * TransportProvider#unavailableReason()}, or how {@link TransportProvider#isAvailable()} itself
   * failed. Never throws for a provider that misbehaves.
   *
   * @since 0.1
   */
  public static Optional<String> unavailability(TransportProvider provider) {
    try {
      if (provider.isAvailable()) {
        return Optional.empty();
      }
      return Optional.of(provider.unavailableReason().orElse("unavailable (no reason given)"));
    } catch (RuntimeException | LinkageError e) {
      return Optional.of("isAvailable() failed: " + e);
    }
  }

  private record Discovery(List<TransportProvider> loaded, List<String> failed) {}

  /** Stops a service iterator that keeps failing without moving on from going round forever. */
  private static final int MAX_LOAD_FAILURES = 256;

  /** Load failures already logged: each is logged once per JVM, not at every look-up. */
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private static Discovery discover() {
    List<TransportProvider> found = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    Iterator<TransportProvider> it =
        ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader()).iterator();
    while (failed.size() < MAX_LOAD_FAILURES) {
      try {
        if (!it.hasNext()) {
          break;
        }
        TransportProvider provider = it.next();
        provider.scheme(); // links the class's own methods now, not later in a comparator
        provider.priority();
        found.add(provider);
      } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
        // ServiceLoader throws a missing dependency's NoClassDefFoundError as it is, from hasNext(),
        // and then goes on with the next provider.
        String why = describe(e);
        failed.add(why);
        if (WARNED.add(why)) {
          LOG.log(System.Logger.Level.WARNING, "skipping a transport provider that failed to load: {0}", why);
        }
      }
    }
    found.sort(Comparator.comparing(TransportProvider::scheme).thenComparing(PREFERENCE));
    return new Discovery(List.copyOf(found), failed.stream().distinct().toList());
  }

  private static String describe(Throwable e) {
    StringBuilder why = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (!why.isEmpty()) {
        why.append(": ");
      }
      why.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        why.append(' ').append(t.getMessage());
      }
      if (t.getCause() instanceof ClassNotFoundException) {
        break; // its message repeats the class name the NoClassDefFoundError already gave
      }
    }
    return why.toString();
  }

  /** The best available provider for {@code scheme} among {@code candidates}. */
  static TransportProvider select(String scheme, List<TransportProvider> candidates)
      throws TransportNotFoundException {
    return select(scheme, candidates, List.of());
  }

  /**
   * The best available provider for {@code scheme} among {@code candidates}; {@code failed} lists
   * the providers that could not be loaded, for the message when none fits.
   */
  static TransportProvider select(
      String scheme, List<TransportProvider> candidates, List<String> failed)
      throws TransportNotFoundException {
    Map<String, String> declined = new TreeMap<>();
    Optional<TransportProvider> best =
        candidates.stream()
            .filter(p -> scheme.equals(p.scheme()))
            .filter(
                p -> {
                  Optional<String> why = unavailability(p);
                  why.ifPresent(w -> declined.put(p.getClass().getName(), w));
                  return why.isEmpty();
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
    } else if (!failed.isEmpty()) {
      message.append("; some providers could not be loaded (is a jar they need missing?):");
      failed.forEach(why -> message.append("\n  ").append(why));
    } else if (artifact != null) {
      message.append(": ").append(howToAdd(scheme).orElseThrow());
    } else {
      message.append(": no provider on the class or module path declares it");
    }
    if ((!declined.isEmpty() || !failed.isEmpty()) && artifact != null) {
      message.append("\n(scheme '").append(scheme).append("' is provided by ").append(artifact).append(')');
    }
    return throwNotFound(message.toString());
  }

  private static TransportProvider throwNotFound(String message) throws TransportNotFoundException {
    throw new TransportNotFoundException(message);
  }
}
