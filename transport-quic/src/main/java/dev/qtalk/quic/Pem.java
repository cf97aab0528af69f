package dev.qtalk.quic;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Reads a PEM certificate, e.g. one a server printed with {@link
 * SelfSignedCertificate#certificatePem()}, so a client in another process can pin it:
 * {@code Options.of(QuicOptions.PINNED_CERTIFICATE, Pem.certificate(text))}.
 *
 * @since 0.1
 */
public final class Pem {
  private Pem() {}

  /**
   * The first certificate in {@code pem}.
   *
   * @throws IllegalArgumentException if it holds no valid certificate
   */
  public static X509Certificate certificate(String pem) {
    Objects.requireNonNull(pem, "pem");
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("pem: no \"-----BEGIN CERTIFICATE-----\" block (expected: a PEM certificate)");
    }
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("pem: not a valid certificate: " + e.getMessage(), e);
    }
  }
}
