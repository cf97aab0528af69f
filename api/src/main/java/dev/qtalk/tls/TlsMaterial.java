package dev.qtalk.tls;

import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS key material and trust that a set of {@link Options} asks for, whichever way it was
 * given: as objects ({@link StandardOptions#TLS_KEY_MANAGER}, {@link
 * StandardOptions#TLS_TRUST_MANAGER}) or as PEM files ({@link
 * StandardOptions#TLS_CERTIFICATE_CHAIN} with {@link StandardOptions#TLS_PRIVATE_KEY}). For
 * transport implementations.
 *
 * @since 0.1
 */
public final class TlsMaterial {
  private TlsMaterial() {}

  /**
   * The key material to present, if any was given.
   *
   * @throws IllegalArgumentException if it was given twice, or a chain without its key (or back)
   * @throws IOException if a PEM file cannot be read or holds no usable material
   */
  public static Optional<KeyManagerFactory> keyManagers(Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    KeyManagerFactory kmf = options.get(StandardOptions.TLS_KEY_MANAGER);
    Path chain = options.get(StandardOptions.TLS_CERTIFICATE_CHAIN);
    Path key = options.get(StandardOptions.TLS_PRIVATE_KEY);
    if (kmf != null && (chain != null || key != null)) {
      throw new IllegalArgumentException(StandardOptions.TLS_KEY_MANAGER + " and "
          + (chain != null ? StandardOptions.TLS_CERTIFICATE_CHAIN : StandardOptions.TLS_PRIVATE_KEY)
          + " both set (expected: the key material given one way)");
    }
    if (kmf != null) {
      return Optional.of(kmf);
    }
    if (chain == null && key == null) {
      return Optional.empty();
    }
    if (chain == null || key == null) {
      throw new IllegalArgumentException((chain == null ? StandardOptions.TLS_PRIVATE_KEY
          : StandardOptions.TLS_CERTIFICATE_CHAIN) + " set alone (expected: both "
          + StandardOptions.TLS_CERTIFICATE_CHAIN + " and " + StandardOptions.TLS_PRIVATE_KEY + ")");
    }
    return Optional.of(PemFiles.keyManagerFactory(chain, key));
  }

  /** The pinning trust manager of {@link StandardOptions#TLS_PINNED_SHA256}, if pins were given. */
  public static Optional<X509ExtendedTrustManager> pinned(Options options) {
    String pins = options.get(StandardOptions.TLS_PINNED_SHA256);
    return pins == null ? Optional.empty() : Optional.of(CertificatePins.trustManager(CertificatePins.parse(pins)));
  }

  /** Whether a server asks for client certificates. */
  public static ClientAuth clientAuth(Options options) {
    return options.get(StandardOptions.TLS_CLIENT_AUTH);
  }

  /** The trust that was given; empty means the JDK's default trust store. */
  public static Optional<TrustManagerFactory> trustManagers(Options options) {
    Objects.requireNonNull(options, "options");
    return Optional.ofNullable(options.get(StandardOptions.TLS_TRUST_MANAGER));
  }
}
