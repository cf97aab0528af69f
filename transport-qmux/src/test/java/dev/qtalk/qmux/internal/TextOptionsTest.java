package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.UnsupportedOptionException;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Options given as text (a URI query, a map) reach real qmux transports, and typos fail fast. */
@Timeout(60)
class TextOptionsTest {
  @TempDir Path dir;

  @Test
  void tlsFromPemFilesGivenInTheQueryAndAsText() throws Exception {
    X509Bundle ca = new CertificateBuilder().subject("CN=test ca").rsa2048()
        .setIsCertificateAuthority(true).buildSelfSigned();
    X509Bundle server = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
        .rsa2048().buildIssuedBy(ca);
    Path chain = write("chain.pem", server.getCertificatePathPEM());
    Path key = write("key.pem", server.getPrivateKeyPEM());
    Path trust = write("ca.pem", ca.getCertificatePEM());

    URI at = URI.create("qmux+tls://127.0.0.1:0?cert=" + chain.toUri().getPath() + "&key=" + key.toUri().getPath()
        + "&handshakeTimeout=5s");
    try (SessionListener listener = Transports.listen(at)) {
      assertThat(listener.uri().getQuery()).isNull();
      CompletableFuture<Session> accepted = CompletableFuture.supplyAsync(() -> accept(listener));
      try (Session client = Transports.connect(listener.uri(), Map.of("trust", trust.toString(), "openTimeout", "10s"));
          Session s = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, s, 64 * 1024);
      }
      // without the CA the same server is refused: the text option really set the trust
      assertThatThrownBy(() -> Transports.connect(listener.uri(), Map.of("openTimeout", "10s")))
          .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
  }

  @Test
  void anOptionTheTransportDoesNotSupportFailsBeforeConnecting() throws Exception {
    assertThatThrownBy(() -> Transports.connect(URI.create("qmux+tcp://127.0.0.1:1?trust=/etc/ca.pem")))
        .isInstanceOf(UnsupportedOptionException.class)
        .hasMessageContaining("unsupported option 'trust' for scheme 'qmux+tcp'");
    assertThatThrownBy(() -> Transports.connect(URI.create("qmux+tcp://127.0.0.1:1"), Map.of("opentimeuot", "1s")))
        .isInstanceOf(UnsupportedOptionException.class)
        .hasMessageContaining("'opentimeuot'")
        .hasMessageContaining("openTimeout");
    assertThatThrownBy(() -> Transports.listen(URI.create("qmux+tls://127.0.0.1:0?cert=/nonexistent/chain.pem")))
        .hasMessageContaining("tlsCertificateChain set alone");
    assertThatThrownBy(() -> Transports.parseOptions(URI.create("qmux+ws://h/"), Map.of("windowSize", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("windowSize: -1 (expected: > 0)");
    assertThat(Transports.parseOptions(URI.create("qmux+ws://h/"), Map.of("ws.allowedOrigins", "https://a")).asMap())
        .hasSize(1);
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private static Session accept(SessionListener listener) {
    try {
      return listener.accept();
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }
}
