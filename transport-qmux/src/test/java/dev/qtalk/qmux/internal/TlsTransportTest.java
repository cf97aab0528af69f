package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import io.netty.pkitesting.X509Bundle;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code qmux+tls} on loopback: verification on by default, explicit trust, insecure opt-out. */
@Timeout(60)
class TlsTransportTest {
  private static X509Bundle cert;
  private static X509Bundle otherCert;

  @BeforeAll
  static void certificates() throws Exception {
    cert = TestCerts.loopback();
    otherCert = TestCerts.otherHost();
  }

  private static SessionListener listen(X509Bundle c) throws Exception {
    return Transports.listen(URI.create("qmux+tls://127.0.0.1:0"), TestCerts.server(c));
  }

  @Test
  void trustedCertificateCarriesDataBothWays() throws Exception {
    try (SessionListener listener = listen(cert)) {
      assertThat(listener.uri().getScheme()).isEqualTo("qmux+tls");
      CompletableFuture<Session> accepted = acceptAsync(listener);
      try (Session client = Transports.connect(listener.uri(), TestCerts.trusting(cert));
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 3 * 1024 * 1024);
      }
    }
  }

  @Test
  void untrustedSelfSignedCertificateIsRefusedByDefault() throws Exception {
    try (SessionListener listener = listen(cert)) {
      CompletableFuture<Session> accepted = acceptAsync(listener);
      assertThatThrownBy(() -> Transports.connect(listener.uri(), Options.defaults()))
          .isInstanceOf(SSLHandshakeException.class);
      // the listener skipped the failed handshake and still accepts a client that trusts it
      try (Session client = Transports.connect(listener.uri(), TestCerts.trusting(cert));
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 1024);
      }
    }
  }

  @Test
  void trustingAnotherCertificateIsRefused() throws Exception {
    try (SessionListener listener = listen(cert)) {
      assertThatThrownBy(() -> Transports.connect(listener.uri(), TestCerts.trusting(otherCert)))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void trustedCertificateForAnotherHostNameIsRefused() throws Exception {
    X509Bundle named = TestCerts.localhostOnly();
    try (SessionListener listener = listen(named)) {
      CompletableFuture<Session> accepted = acceptAsync(listener);
      // trusted, but it names localhost, not 127.0.0.1
      assertThatThrownBy(() -> Transports.connect(listener.uri(), TestCerts.trusting(named)))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("127.0.0.1");
      URI byName = URI.create("qmux+tls://localhost:" + listener.uri().getPort());
      try (Session client = Transports.connect(byName, TestCerts.trusting(named));
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 1024);
      }
    }
  }

  @Test
  void aClientConnectsBeforeTheApplicationAccepts() throws Exception {
    try (SessionListener listener = listen(cert);
        Session client = Transports.connect(listener.uri(), TestCerts.trusting(cert));
        Session server = listener.accept()) {
      Exchange.verify(client, server, 1024);
    }
  }

  @Test
  void closingTheListenerReleasesABlockedAcceptAndKeepsAcceptedSessions() throws Exception {
    SessionListener listener = listen(cert);
    Session client = Transports.connect(listener.uri(), TestCerts.trusting(cert));
    Session server = listener.accept();
    Blocking blocked = Blocking.start(listener::accept).awaitBlocked();
    listener.close();
    assertThat(blocked.get()).isInstanceOf(java.io.IOException.class);
    Exchange.verify(client, server, 1024);
    client.close();
    server.close();
  }

  @Test
  void insecureOptionSkipsVerification() throws Exception {
    try (SessionListener listener = listen(otherCert)) {
      CompletableFuture<Session> accepted = acceptAsync(listener);
      try (Session client = Transports.connect(listener.uri(), TestCerts.insecure());
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 64 * 1024);
      }
    }
  }

  @Test
  void listeningWithoutAKeyIsAClearError() {
    assertThatThrownBy(() -> Transports.listen(URI.create("qmux+tls://127.0.0.1:0"), Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS_KEY_MANAGER");
  }

  @Test
  void aClientThatNeverHandshakesTimesOutWithoutStoppingTheListener() throws Exception {
    Options server =
        // long enough for the honest client's handshake on a loaded machine, short beside the read below
        TestCerts.server(cert).toBuilder().set(StandardOptions.HANDSHAKE_TIMEOUT, Duration.ofSeconds(2)).build();
    try (SessionListener listener = Transports.listen(URI.create("qmux+tls://127.0.0.1:0"), server);
        java.net.Socket silent = new java.net.Socket("127.0.0.1", listener.uri().getPort())) {
      CompletableFuture<Session> accepted = acceptAsync(listener);
      try (Session client = Transports.connect(listener.uri(), TestCerts.trusting(cert));
          Session s = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, s, 1024);
      }
      silent.setSoTimeout(30_000);
      silent.getInputStream().readAllBytes(); // at most an alert, then the listener closed it
      assertThat(silent.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void closingASessionReleasesBlockedReadsOnBothSides() throws Exception {
    try (SessionListener listener = listen(cert)) {
      CompletableFuture<Session> accepted = acceptAsync(listener);
      Session client = Transports.connect(listener.uri(), TestCerts.trusting(cert));
      Session server = accepted.get(10, TimeUnit.SECONDS);
      Exchange.verifyCloseReleases(client, server);
    }
  }

  static CompletableFuture<Session> acceptAsync(SessionListener listener) {
    CompletableFuture<Session> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                f.complete(listener.accept());
              } catch (Throwable t) {
                f.completeExceptionally(t);
              }
            });
    return f;
  }
}
