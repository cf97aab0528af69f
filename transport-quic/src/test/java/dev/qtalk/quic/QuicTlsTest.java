package dev.qtalk.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Options;
import dev.qtalk.QtalkException;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Certificate verification is on unless turned off, and each way of trusting a server works. */
@Timeout(60)
class QuicTlsTest {
  static final Options FAST = Options.of(StandardOptions.CONNECT_TIMEOUT, Duration.ofSeconds(5));

  private static SessionListener server(SelfSignedCertificate cert, Options extra) throws Exception {
    return Transports.listen(URI.create("quic://127.0.0.1:0"),
        Options.builder().setAll(cert.serverOptions()).setAll(extra).build());
  }

  private static void connects(SessionListener l, URI uri, Options client) throws Exception {
    try (Session s = Transports.connect(uri, Options.builder().setAll(FAST).setAll(client).build());
        Session peer = l.accept()) {
      assertThat(s.isOpen()).isTrue();
      assertThat(peer.isOpen()).isTrue();
    }
  }

  @Test
  void defaultTrustStoreRejectsASelfSignedServer() throws Exception {
    try (SessionListener l = server(QuicTestSupport.CERT, Options.defaults())) {
      assertThatThrownBy(() -> Transports.connect(l.uri(), FAST)).isInstanceOf(QtalkException.class)
          .hasMessageContaining("handshake failed");
    }
  }

  @Test
  void pinnedCertificateIsTrustedAndAnOtherIsNot() throws Exception {
    try (SessionListener l = server(QuicTestSupport.CERT, Options.defaults())) {
      connects(l, l.uri(), QuicTestSupport.CERT.clientOptions());
      SelfSignedCertificate other = SelfSignedCertificate.create();
      assertThatThrownBy(() -> Transports.connect(l.uri(), Options.builder().setAll(FAST).setAll(other.clientOptions()).build()))
          .isInstanceOf(QtalkException.class);
    }
  }

  @Test
  void trustStoreChecksTheHostName() throws Exception {
    SelfSignedCertificate localhostOnly = SelfSignedCertificate.create("localhost");
    Options trust = Options.of(StandardOptions.TLS_TRUST_MANAGER, localhostOnly.trustManagerFactory());
    try (SessionListener l = server(localhostOnly, Options.defaults())) {
      connects(l, URI.create("quic://localhost:" + l.uri().getPort()), trust);
      // Same trusted certificate, but 127.0.0.1 is not among its names.
      assertThatThrownBy(() -> Transports.connect(l.uri(), Options.builder().setAll(FAST).setAll(trust).build()))
          .isInstanceOf(QtalkException.class).hasMessageContaining("handshake failed");
    }
  }

  @Test
  void insecureOptionSkipsVerification() throws Exception {
    try (SessionListener l = server(QuicTestSupport.CERT, Options.defaults())) {
      connects(l, l.uri(), Options.of(StandardOptions.TLS_INSECURE, true));
    }
  }

  @Test
  void alpnMustMatch() throws Exception {
    try (SessionListener l = server(QuicTestSupport.CERT, Options.defaults())) {
      Options wrongAlpn = Options.builder().setAll(QuicTestSupport.CERT.clientOptions())
          .set(QuicOptions.ALPN, "something-else").build();
      assertThatThrownBy(() -> Transports.connect(l.uri(), Options.builder().setAll(FAST).setAll(wrongAlpn).build()))
          .isInstanceOf(QtalkException.class);
    }
  }

  @Test
  void aServerNeedsKeyMaterial() {
    assertThatThrownBy(() -> Transports.listen(URI.create("quic://127.0.0.1:0"), Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tlsKeyManager");
  }

  @Test
  void selfSignedCertificateNamesTheLoopbackHosts() throws Exception {
    assertThat(QuicTestSupport.CERT.certificate().getSubjectAlternativeNames())
        .extracting(l -> l.get(1).toString())
        .contains("localhost", "127.0.0.1");
    QuicTestSupport.CERT.certificate().verify(QuicTestSupport.CERT.certificate().getPublicKey());
    assertThat(QuicTestSupport.CERT.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n");
  }

  @Test
  void aPemCertificateFromAnotherProcessCanBePinned() throws Exception {
    try (SessionListener l = server(QuicTestSupport.CERT, Options.defaults())) {
      String printed = QuicTestSupport.CERT.certificatePem();
      connects(l, l.uri(), Options.of(QuicOptions.PINNED_CERTIFICATE, Pem.certificate(printed)));
    }
    assertThatThrownBy(() -> Pem.certificate("not a certificate"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BEGIN CERTIFICATE");
  }
}
