package dev.qtalk.tls;

import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A freshly generated self-signed certificate (ECDSA P-256, SHA-256) for tests, demos and
 * development, made with the JDK alone, for every TLS transport ({@code quic}, {@code qmux+tls},
 * {@code qmux+wss}). A server presents it with {@link #serverOptions()}; a client trusts it with
 * {@link #clientOptions()} (pinned by fingerprint) or {@link #trustManagerFactory()} (as a
 * one-certificate trust store, with host name checks). {@link #privateKeyPem()} and {@link
 * #certificatePem()} write it as the PEM files the {@code cert} and {@code key} options read.
 *
 * <pre>{@code
 * SelfSignedCertificate cert = SelfSignedCertificate.create();
 * SessionListener l = Transports.listen(URI.create("quic://127.0.0.1:0"), cert.serverOptions());
 * Session s = Transports.connect(l.uri(), cert.clientOptions());
 * }</pre>
 *
 * @since 0.1
 */
public final class SelfSignedCertificate {
  private static final char[] PASSWORD = "qtalk".toCharArray();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /**
   * Makes a certificate valid for a year, for {@code hosts} (DNS names or IP literals; the first
   * is also the subject's common name), or for {@code localhost}, {@code 127.0.0.1} and {@code ::1}
   * when none is given.
   */
  public static SelfSignedCertificate create(String... hosts) {
    Objects.requireNonNull(hosts, "hosts");
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = gen.generateKeyPair();
      List<String> names = hosts.length > 0 ? List.of(hosts) : List.of("localhost", "127.0.0.1", "::1");
      byte[] tbs = tbsCertificate(names.get(0), names.stream().distinct().toList(), keys, Duration.ofDays(365));
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(tbs);
      byte[] der = Der.sequence(tbs, ecdsaWithSha256(), Der.bitString(signer.sign()));
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
      return new SelfSignedCertificate(cert, keys.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a self-signed certificate: " + e, e);
    }
  }

  private static byte[] tbsCertificate(String cn, List<String> names, KeyPair keys, Duration validity) {
    byte[] serial = new byte[16];
    new SecureRandom().nextBytes(serial);
    serial[0] &= 0x7f; // positive
    serial[0] |= 0x40; // and minimal: no leading zero byte
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
    byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8String(cn))));
    ByteArrayOutputStream altNames = new ByteArrayOutputStream();
    for (String n : names) {
      if (isIpLiteral(n)) {
        altNames.writeBytes(Der.implicit(7, ipBytes(n)));
      } else {
        altNames.writeBytes(Der.implicit(2, n.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      }
    }
    byte[] san = Der.sequence(Der.oid("2.5.29.17"), Der.octetString(Der.sequence(altNames.toByteArray())));
    byte[] basicConstraints = Der.sequence(Der.oid("2.5.29.19"), Der.bool(true), Der.octetString(Der.sequence()));
    return Der.sequence(
        Der.explicit(0, Der.integer(new byte[] {2})),
        Der.integer(serial),
        ecdsaWithSha256(),
        name,
        Der.sequence(
            Der.generalizedTime(now.minusMinutes(5).format(TIME)),
            Der.generalizedTime(now.plus(validity).format(TIME))),
        name,
        keys.getPublic().getEncoded(),
        Der.explicit(3, Der.sequence(san, basicConstraints)));
  }

  private static byte[] ecdsaWithSha256() {
    return Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
  }

  private static boolean isIpLiteral(String s) {
    return s.contains(":") || s.matches("[0-9.]+");
  }

  private static byte[] ipBytes(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress(); // a literal: no lookup
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("hosts: " + literal + " (expected: a host name or IP literal)", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The certificate in PEM form, to hand to a client in another process. */
  public String certificatePem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Key material for {@link StandardOptions#TLS_KEY_MANAGER}. */
  public KeyManagerFactory keyManagerFactory() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("qtalk", privateKey, PASSWORD, new X509Certificate[] {certificate});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      return kmf;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a key manager: " + e, e);
    }
  }

  /** A trust store holding only this certificate, for {@link StandardOptions#TLS_TRUST_MANAGER}. */
  public TrustManagerFactory trustManagerFactory() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("qtalk", certificate);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a trust manager: " + e, e);
    }
  }

  /** Options for a server that presents this certificate. */
  public Options serverOptions() {
    return Options.of(StandardOptions.TLS_KEY_MANAGER, keyManagerFactory());
  }

  /** Options for a client that trusts exactly this certificate ({@link StandardOptions#TLS_PINNED_SHA256}). */
  public Options clientOptions() {
    return Options.of(StandardOptions.TLS_PINNED_SHA256, sha256());
  }

  /** The certificate's SHA-256 fingerprint, as {@link StandardOptions#TLS_PINNED_SHA256} takes it. */
  public String sha256() {
    return CertificatePins.sha256(certificate);
  }

  /** The private key as an unencrypted PKCS#8 PEM block. */
  public String privateKeyPem() {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(privateKey.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  @Override
  public String toString() {
    return "SelfSignedCertificate[" + certificate.getSubjectX500Principal() + "]";
  }
}
