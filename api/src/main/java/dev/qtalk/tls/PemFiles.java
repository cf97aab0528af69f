package dev.qtalk.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key material from PEM files as people have them: a certificate chain (leaf first), an
 * unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}; RSA, EC or EdDSA) and a
 * bundle of CA certificates to trust. Uses the JDK only.
 *
 * <pre>{@code
 * KeyManagerFactory keys = PemFiles.keyManagerFactory(Path.of("chain.pem"), Path.of("key.pem"));
 * TrustManagerFactory trust = PemFiles.trustManagerFactory(Path.of("ca.pem"));
 * }</pre>
 *
 * @since 0.1
 */
public final class PemFiles {
  /** Larger than any sane PEM file; a bigger one is refused before it is read. */
  static final long MAX_FILE_SIZE = 1024 * 1024;

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final char[] NO_PASSWORD = new char[0];

  private PemFiles() {}

  /** The certificates in the PEM file at {@code path}, in file order (a chain lists the leaf first). */
  public static List<X509Certificate> certificates(Path path) throws IOException {
    try {
      return certificates(read(path));
    } catch (IllegalArgumentException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The certificates in {@code pem}, in order.
   *
   * @throws IllegalArgumentException if it holds none, or one is not a valid certificate
   */
  public static List<X509Certificate> certificates(String pem) {
    Objects.requireNonNull(pem, "pem");
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(pem)) {
        if (b.type().equals("CERTIFICATE")) {
          certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a valid certificate: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(
          "no \"-----BEGIN CERTIFICATE-----\" block (expected: one or more PEM certificates)");
    }
    return List.copyOf(certs);
  }

  /** The PKCS#8 private key in the PEM file at {@code path}. */
  public static PrivateKey privateKey(Path path) throws IOException {
    try {
      return privateKey(read(path));
    } catch (IllegalArgumentException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The unencrypted PKCS#8 private key in {@code pem} (RSA, EC, Ed25519 or Ed448).
   *
   * @throws IllegalArgumentException if there is none, or it is in another form (the message says
   *     how to convert it)
   */
  public static PrivateKey privateKey(String pem) {
    Objects.requireNonNull(pem, "pem");
    for (Block b : blocks(pem)) {
      switch (b.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(b.der());
        }
        case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new IllegalArgumentException(
            "a \"" + b.type() + "\" block (expected: PKCS#8 \"PRIVATE KEY\"; convert with"
                + " openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem)");
        case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
            "an encrypted key (expected: an unencrypted PKCS#8 key; decrypt with"
                + " openssl pkcs8 -in old.pem -out key.pem, and protect the file instead)");
        default -> { }
      }
    }
    throw new IllegalArgumentException(
        "no \"-----BEGIN PRIVATE KEY-----\" block (expected: a PKCS#8 private key)");
  }

  /**
   * Key material to present: the chain in {@code chainFile} (leaf first) with the key in {@code
   * keyFile}. Both may be the same file.
   *
   * @throws IOException if a file cannot be read, holds no such material, or the key does not
   *     belong to the leaf certificate
   */
  public static KeyManagerFactory keyManagerFactory(Path chainFile, Path keyFile) throws IOException {
    List<X509Certificate> chain = certificates(chainFile);
    PrivateKey key = privateKey(keyFile);
    if (!matches(key, chain.get(0).getPublicKey())) {
      throw new IOException(keyFile + ": the private key does not belong to the certificate "
          + chain.get(0).getSubjectX500Principal() + " in " + chainFile
          + " (expected: the key the first certificate was issued for)");
    }
    return keyManagerFactory(chain, key);
  }

  /** Key material to present: {@code chain} (leaf first) and its {@code key}. */
  public static KeyManagerFactory keyManagerFactory(List<X509Certificate> chain, PrivateKey key) {
    Objects.requireNonNull(key, "key");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain: empty (expected: the leaf certificate first)");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, NO_PASSWORD);
      return kmf;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("key material refused by the JDK: " + e.getMessage(), e);
    }
  }

  /** Trust exactly the CA (or self-signed) certificates in the PEM bundle at {@code bundle}. */
  public static TrustManagerFactory trustManagerFactory(Path bundle) throws IOException {
    return trustManagerFactory(certificates(bundle));
  }

  /** Trust exactly {@code certificates}. */
  public static TrustManagerFactory trustManagerFactory(List<X509Certificate> certificates) {
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("certificates: empty (expected: at least one to trust)");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return tmf;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("trust refused by the JDK: " + e.getMessage(), e);
    }
  }

  static String read(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    long size = Files.size(path);
    if (size > MAX_FILE_SIZE) {
      throw new IOException(path + ": " + size + " bytes (expected: a PEM file of at most "
          + MAX_FILE_SIZE + " bytes)");
    }
    return Files.readString(path, StandardCharsets.US_ASCII);
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(String pem) {
    List<Block> found = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      try {
        found.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("a \"" + m.group(1) + "\" block is not valid base64", e);
      }
    }
    return found;
  }

  private static PrivateKey pkcs8(byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(
        "a PKCS#8 key of an unknown algorithm (expected: RSA, EC, Ed25519 or Ed448)");
  }

  /** Whether {@code key} signs what {@code pub} verifies. */
  private static boolean matches(PrivateKey key, PublicKey pub) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "RSASSA-PSS" -> null; // needs parameters to probe; the handshake checks it
      default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
    };
    if (algorithm == null) {
      return true;
    }
    try {
      byte[] probe = "qtalk key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(pub);
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
