package dev.qtalk.qmux.internal;

import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

/** Self-signed certificates made in the test, for the TLS and WSS transports. */
final class TestCerts {
  private TestCerts() {}

  /** A self-signed server certificate for {@code localhost} and {@code 127.0.0.1}. */
  static X509Bundle loopback() throws Exception {
    return new CertificateBuilder()
        .subject("CN=localhost")
        .addSanDnsName("localhost")
        .addSanIpAddress("127.0.0.1")
        .ecp256()
        .setIsCertificateAuthority(true)
        .buildSelfSigned();
  }

  /** A self-signed certificate that names the host {@code localhost} but not its address. */
  static X509Bundle localhostOnly() throws Exception {
    return new CertificateBuilder()
        .subject("CN=localhost")
        .addSanDnsName("localhost")
        .ecp256()
        .setIsCertificateAuthority(true)
        .buildSelfSigned();
  }

  /** A self-signed certificate that names {@code other.example} only. */
  static X509Bundle otherHost() throws Exception {
    return new CertificateBuilder()
        .subject("CN=other.example")
        .addSanDnsName("other.example")
        .ecp256()
        .setIsCertificateAuthority(true)
        .buildSelfSigned();
  }

  /** Server options presenting {@code cert}. */
  static Options server(X509Bundle cert) throws Exception {
    return Options.of(StandardOptions.TLS_KEY_MANAGER, cert.toKeyManagerFactory());
  }

  /** Client options trusting {@code cert}. */
  static Options trusting(X509Bundle cert) {
    return Options.of(StandardOptions.TLS_TRUST_MANAGER, cert.toTrustManagerFactory());
  }

  static Options insecure() {
    return Options.of(StandardOptions.TLS_INSECURE, true);
  }
}
