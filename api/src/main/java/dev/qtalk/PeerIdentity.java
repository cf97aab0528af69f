package dev.qtalk;

import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who the peer of a session proved to be: its verified TLS certificate chain (QUIC, {@code
 * qmux+tls}, {@code qmux+wss}), or its SSH user name and key. See {@link Session#peerIdentity()}.
 *
 * @since 0.1
 */
public final class PeerIdentity {
  private final List<X509Certificate> certificates;
  private final String user;
  private final PublicKey key;

  private PeerIdentity(List<X509Certificate> certificates, String user, PublicKey key) {
    this.certificates = List.copyOf(certificates);
    this.user = user;
    this.key = key;
  }

  /** A peer that presented this verified chain, leaf first. */
  public static PeerIdentity ofCertificates(List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain: empty (expected: the peer's certificates, leaf first)");
    }
    return new PeerIdentity(chain, null, chain.get(0).getPublicKey());
  }

  /**
   * An SSH peer: the user it authenticated as (null for a server, which has no user) and the key
   * it proved it holds (its user key or host key; null when it used a password).
   */
  public static PeerIdentity ofSsh(String user, PublicKey key) {
    if (user == null && key == null) {
      throw new IllegalArgumentException("user and key both null (expected: at least one)");
    }
    return new PeerIdentity(List.of(), user, key);
  }

  /** The peer's certificates from a completed handshake, or empty when it presented none. */
  public static Optional<PeerIdentity> of(SSLSession tls) {
    Objects.requireNonNull(tls, "tls");
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : tls.getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          chain.add(x);
        }
      }
      return chain.isEmpty() ? Optional.empty() : Optional.of(ofCertificates(chain));
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  /** The verified certificate chain, leaf first; empty for SSH. */
  public List<X509Certificate> certificates() {
    return certificates;
  }

  /** The leaf certificate, for TLS peers. */
  public Optional<X509Certificate> certificate() {
    return certificates.isEmpty() ? Optional.empty() : Optional.of(certificates.get(0));
  }

  /** The SSH user name the peer authenticated as. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The peer's public key: its certificate's, or the SSH key it authenticated with. */
  public Optional<PublicKey> publicKey() {
    return Optional.ofNullable(key);
  }

  /** A short name for logs: the certificate's subject, or the SSH user. */
  public String name() {
    if (!certificates.isEmpty()) {
      return certificates.get(0).getSubjectX500Principal().getName();
    }
    return user != null ? user : "ssh key " + key.getAlgorithm();
  }

  @Override
  public String toString() {
    return "PeerIdentity[" + name() + "]";
  }
}
