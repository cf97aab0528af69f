package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Options;
import dev.qtalk.PeerIdentity;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import dev.qtalk.tls.CertificatePins;
import dev.qtalk.tls.ClientAuth;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS, pinning and peer identity on {@code qmux+tls} and {@code qmux+wss}, with PEM files
 * (RSA server, EC clients) and real handshakes.
 */
@Timeout(60)
class MutualTlsTest {
  @TempDir static Path dir;
  static X509Bundle ca;
  static X509Bundle server;
  static X509Bundle alice;
  static X509Bundle mallory; // issued by another CA
  static Path serverChain;
  static Path serverKey;
  static Path caPem;

  @BeforeAll
  static void pki() throws Exception {
    ca = new CertificateBuilder().subject("CN=test ca").rsa2048().setIsCertificateAuthority(true).buildSelfSigned();
    server = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1").rsa2048()
        .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
    alice = new CertificateBuilder().subject("CN=alice").ecp256().addExtendedKeyUsageClientAuth().buildIssuedBy(ca);
    X509Bundle otherCa = new CertificateBuilder().subject("CN=other ca").ecp256()
        .setIsCertificateAuthority(true).buildSelfSigned();
    mallory = new CertificateBuilder().subject("CN=mallory").ecp256().addExtendedKeyUsageClientAuth()
        .buildIssuedBy(otherCa);
    serverChain = write("server-chain.pem", server.getCertificatePathPEM());
    serverKey = write("server-key.pem", server.getPrivateKeyPEM());
    caPem = write("ca.pem", ca.getCertificatePEM());
  }

  private static Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private static Map<String, String> clientFiles(String name, X509Bundle who) throws Exception {
    return Map.of("cert", write(name + "-chain.pem", who.getCertificatePathPEM()).toString(),
        "key", write(name + "-key.pem", who.getPrivateKeyPEM()).toString(),
        "trust", caPem.toString());
  }

  private static SessionListener listen(String scheme, ClientAuth auth) throws Exception {
    return Transports.listen(URI.create(scheme + "://127.0.0.1:0/q?cert=" + serverChain + "&key=" + serverKey
        + "&trust=" + caPem + "&clientAuth=" + auth.name().toLowerCase()));
  }

  private static CompletableFuture<Session> accept(SessionListener l) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return l.accept();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"qmux+tls", "qmux+wss"})
  void requiredClientCertificateIsVerifiedAndIdentifiesThePeer(String scheme) throws Exception {
    try (SessionListener l = listen(scheme, ClientAuth.REQUIRE)) {
      // refused: no certificate, then one from a CA the server does not trust
      refused(l, Map.of("trust", caPem.toString()));
      refused(l, clientFiles("mallory", mallory));
      // the first session the listener hands out is alice's: the refused ones never became sessions
      CompletableFuture<Session> accepted = accept(l);
      try (Session client = Transports.connect(l.uri(), clientFiles("alice", alice));
          Session s = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, s, 4096);
        assertThat(s.peerIdentity()).map(PeerIdentity::name).contains("CN=alice");
        assertThat(s.peerIdentity().orElseThrow().certificate().orElseThrow().getIssuerX500Principal().getName())
            .isEqualTo("CN=test ca");
        assertThat(client.peerIdentity()).map(PeerIdentity::name).contains("CN=localhost");
      }
    }
  }

  /**
   * Connects with {@code options} and expects the server to refuse: the connect fails or, under
   * TLS 1.3 (where the client learns of it after its handshake), the session ends by itself.
   */
  private static void refused(SessionListener l, Map<String, String> options) throws Exception {
    Session client;
    try {
      client = Transports.connect(l.uri(), options);
    } catch (java.io.IOException e) {
      return;
    }
    try {
      client.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(client.closeCause()).isPresent();
    } finally {
      client.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"qmux+tls", "qmux+wss"})
  void optionalClientAuthLetsAnonymousClientsIn(String scheme) throws Exception {
    try (SessionListener l = listen(scheme, ClientAuth.OPTIONAL)) {
      CompletableFuture<Session> accepted = accept(l);
      try (Session client = Transports.connect(l.uri(), Map.of("trust", caPem.toString()));
          Session s = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, s, 4096);
        assertThat(s.peerIdentity()).isEmpty();
      }
      accepted = accept(l);
      try (Session client = Transports.connect(l.uri(), clientFiles("alice", alice));
          Session s = accepted.get(10, TimeUnit.SECONDS)) {
        assertThat(s.peerIdentity()).map(PeerIdentity::name).contains("CN=alice");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"qmux+tls", "qmux+wss"})
  void pinningTrustsExactlyThePinnedCertificate(String scheme) throws Exception {
    try (SessionListener l = listen(scheme, ClientAuth.NONE)) {
      String pin = CertificatePins.sha256(server.getCertificate());
      String colons = pin.toUpperCase().replaceAll("(..)(?!$)", "$1:");
      CompletableFuture<Session> accepted = accept(l);
      try (Session client = Transports.connect(l.uri(), Options.of(StandardOptions.TLS_PINNED_SHA256, colons));
          Session s = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, s, 4096);
      }
      String wrong = CertificatePins.sha256(alice.getCertificate());
      // qmux+tls reports the TLS failure; Java-WebSocket reports a handshake that did not finish
      assertThatThrownBy(() -> Transports.connect(l.uri(), Map.of("pin", wrong, "connectTimeout", "3s")).close())
          .isInstanceOf(scheme.equals("qmux+tls") ? javax.net.ssl.SSLException.class : java.net.ConnectException.class);
    }
    assertThatThrownBy(() -> Options.of(StandardOptions.TLS_PINNED_SHA256, "abc"))
        .hasMessageContaining("tlsPinnedSha256: abc (expected: SHA-256 fingerprints");
  }
}
