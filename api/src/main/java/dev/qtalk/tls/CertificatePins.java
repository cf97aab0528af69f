package dev.qtalk.tls;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Certificate pinning by SHA-256 fingerprint of the peer's (leaf) certificate, as {@code openssl
 * x509 -noout -fingerprint -sha256 -in cert.pem} prints it (colons and case do not matter). A
 * pinned peer is trusted whoever issued its certificate, and host names are not checked; its
 * certificate must still be within its validity period.
 *
 * @since 0.1
 */
public final class CertificatePins {
  private CertificatePins() {}

  /** The SHA-256 fingerprint of {@code certificate}'s encoding, as lower-case hex without colons. */
  public static String sha256(X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be fingerprinted: " + e, e);
    }
  }

  /**
   * The fingerprints in {@code text} (comma-separated, colons allowed), normalised.
   *
   * @throws IllegalArgumentException if one is not 64 hex digits
   */
  public static Set<String> parse(String text) {
    Set<String> pins = java.util.Arrays.stream(text.split(","))
        .map(p -> p.strip().replace(":", "").toLowerCase(Locale.ROOT))
        .filter(p -> !p.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
    for (String p : pins) {
      if (!p.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("pin '" + p + "' (expected: a SHA-256 fingerprint, 64 hex digits)");
      }
    }
    if (pins.isEmpty()) {
      throw new IllegalArgumentException("no pin (expected: one or more SHA-256 fingerprints)");
    }
    return pins;
  }

  /** A trust manager that trusts exactly the certificates with these fingerprints, either way. */
  public static X509ExtendedTrustManager trustManager(Set<String> pins) {
    return new Pinned(Set.copyOf(pins));
  }

  private static final class Pinned extends X509ExtendedTrustManager {
    private final Set<String> pins;

    Pinned(Set<String> pins) {
      this.pins = pins;
    }

    private void check(X509Certificate[] chain, String who) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the " + who + " sent no certificate (expected: a pinned one)");
      }
      String got = sha256(chain[0]);
      if (!pins.contains(got)) {
        throw new CertificateException("the " + who + "'s certificate " + chain[0].getSubjectX500Principal()
            + " has SHA-256 " + got + " (expected one of the pinned: " + List.copyOf(pins) + ")");
      }
      chain[0].checkValidity();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain, "client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain, "server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      check(chain, "client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      check(chain, "server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      check(chain, "client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      check(chain, "server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
