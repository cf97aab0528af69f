package dev.qtalk.spi;

import dev.qtalk.Option;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Optional;

/**
 * A transport for one URI scheme, found by {@link dev.qtalk.Transports} through {@link
 * java.util.ServiceLoader}. Declare an implementation both in {@code module-info.java} ({@code
 * provides dev.qtalk.spi.TransportProvider with ...}) and in {@code
 * META-INF/services/dev.qtalk.spi.TransportProvider}, so it is found on the module path and the
 * class path alike.
 *
 * <p>Implementations must have a public no-argument constructor that does no I/O and loads no
 * native code; do that lazily in {@link #isAvailable()}.
 *
 * @since 0.1
 */
public interface TransportProvider {

  /** The URI scheme this provider handles, in lower case ({@code "qmux+tcp"}). */
  String scheme();

  /**
   * Whether this provider can work here (its native library loads, say). Never throws; when false,
   * {@link #unavailableReason()} says why.
   */
  boolean isAvailable();

  /** Why {@link #isAvailable()} is false; empty when it is true. */
  default Optional<String> unavailableReason() {
    return Optional.empty();
  }

  /**
   * Preference among the available providers of one scheme, from 0 to 10; 5 is the default. The
   * highest wins; ties go to the provider whose class name sorts first.
   */
  default int priority() {
    return 5;
  }

  /**
   * Every option this provider honours. {@link dev.qtalk.Transports} refuses any other with an
   * {@link dev.qtalk.UnsupportedOptionException} before calling {@link #connect} or {@link
   * #listen}, and finds the options of a URI query or a {@code Map<String, String>} among these by
   * name. The default is {@link StandardOptions#SESSION_OPTIONS}.
   */
  default Collection<Option<?>> supportedOptions() {
    return StandardOptions.SESSION_OPTIONS;
  }

  /** Connects to the peer that {@code uri} names. */
  Session connect(URI uri, Options options) throws IOException;

  /** Listens where {@code uri} says (port 0 picks a free port; see {@link SessionListener#uri()}). */
  SessionListener listen(URI uri, Options options) throws IOException;
}
