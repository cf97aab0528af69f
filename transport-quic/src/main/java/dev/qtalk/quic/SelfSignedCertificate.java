package dev.qtalk.quic;

import dev.qtalk.Options;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for tests, demos and development; {@link
 * dev.qtalk.tls.SelfSignedCertificate} in {@code qtalk-api} is the same for every TLS transport.
 * This one's {@link #clientOptions()} pin with {@link QuicOptions#PINNED_CERTIFICATE}.
 *
 * @deprecated use {@link dev.qtalk.tls.SelfSignedCertificate}
 *
 * @since 0.1
 */
@Deprecated(since = "0.1")
public final class SelfSignedCertificate {
  private final dev.qtalk.tls.SelfSignedCertificate delegate;

  private SelfSignedCertificate(dev.qtalk.tls.SelfSignedCertificate delegate) {
    this.delegate = delegate;
  }

  /** See {@link dev.qtalk.tls.SelfSignedCertificate#create(String...)}. */
  public static SelfSignedCertificate create(String... hosts) {
    return new SelfSignedCertificate(dev.qtalk.tls.SelfSignedCertificate.create(hosts));
  }

  public X509Certificate certificate() {
    return delegate.certificate();
  }

  public PrivateKey privateKey() {
    return delegate.privateKey();
  }

  /** The certificate in PEM form, to hand to a client in another process. */
  public String certificatePem() {
    return delegate.certificatePem();
  }

  public KeyManagerFactory keyManagerFactory() {
    return delegate.keyManagerFactory();
  }

  public TrustManagerFactory trustManagerFactory() {
    return delegate.trustManagerFactory();
  }

  /** Options for a server that presents this certificate. */
  public Options serverOptions() {
    return delegate.serverOptions();
  }

  /** Options for a client that trusts exactly this certificate ({@link QuicOptions#PINNED_CERTIFICATE}). */
  public Options clientOptions() {
    return Options.of(QuicOptions.PINNED_CERTIFICATE, delegate.certificate());
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
