package dev.qtalk.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.PeerIdentity;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tls.SelfSignedCertificate;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS, pinning by fingerprint and peer identity on {@code quic}, from PEM files. */
@Timeout(60)
class QuicMutualTlsTest {
  @TempDir Path dir;

  private Map<String, String> files(String name, SelfSignedCertificate c) throws Exception {
    Map<String, String> m = new HashMap<>();
    m.put("cert", Files.writeString(dir.resolve(name + ".pem"), c.certificatePem()).toString());
    m.put("key", Files.writeString(dir.resolve(name + "-key.pem"), c.privateKeyPem()).toString());
    m.put("connectTimeout", "5s");
    return m;
  }

  private static String query(Map<String, String> options) {
    StringBuilder b = new StringBuilder();
    options.forEach((k, v) -> b.append(b.length() == 0 ? "?" : "&").append(k).append('=').append(v));
    return b.toString();
  }

  @Test
  void aRequiredClientCertificateIsCheckedAndNamesTheCaller() throws Exception {
    SelfSignedCertificate server = SelfSignedCertificate.create("127.0.0.1");
    SelfSignedCertificate alice = SelfSignedCertificate.create("alice");
    SelfSignedCertificate mallory = SelfSignedCertificate.create("mallory");
    Map<String, String> serverOptions = files("server", server);
    serverOptions.put("clientAuth", "require");
    serverOptions.put("trust", files("alice", alice).get("cert")); // trust exactly alice
    try (SessionListener l = Transports.listen(URI.create("quic://127.0.0.1:0" + query(serverOptions)))) {
      Map<String, String> asMallory = files("mallory", mallory);
      asMallory.put("pin", server.sha256());
      refused(l.uri(), asMallory);
      Map<String, String> anonymous = new HashMap<>(Map.of("pin", server.sha256(), "connectTimeout", "5s"));
      refused(l.uri(), anonymous);

      Map<String, String> asAlice = files("alice", alice);
      asAlice.put("pin", server.sha256());
      try (Session client = Transports.connect(l.uri(), asAlice); Session s = l.accept()) {
        assertThat(s.peerIdentity()).map(PeerIdentity::name).contains("CN=alice");
        assertThat(client.peerIdentity().orElseThrow().certificate()).contains(server.certificate());
        var ch = client.open();
        ch.write(java.nio.ByteBuffer.wrap(new byte[] {42}));
        var got = java.nio.ByteBuffer.allocate(1);
        assertThat(s.accept().read(got)).isEqualTo(1);
      }
    }
  }

  @Test
  void aWrongPinIsRefused() throws Exception {
    SelfSignedCertificate server = SelfSignedCertificate.create("127.0.0.1");
    try (SessionListener l = Transports.listen(URI.create("quic://127.0.0.1:0" + query(files("server", server))))) {
      String otherPin = SelfSignedCertificate.create().sha256();
      assertThatThrownBy(() -> Transports.connect(l.uri(), Map.of("pin", otherPin, "connectTimeout", "5s")))
          .hasMessageContaining("handshake failed");
      try (Session client = Transports.connect(l.uri(), Map.of("pin", server.sha256())); Session s = l.accept()) {
        assertThat(s.peerIdentity()).as("no client certificate asked for").isEmpty();
      }
    }
  }

  private static void refused(URI uri, Map<String, String> options) throws Exception {
    Session client;
    try {
      client = Transports.connect(uri, options);
    } catch (java.io.IOException e) {
      return;
    }
    // the client's handshake is done before the server checks its certificate; the server's
    // refusal then ends the connection
    try {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (client.isOpen() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(client.isOpen()).as("the refused client's session ends").isFalse();
      assertThatThrownBy(client::open).isInstanceOf(java.io.IOException.class);
    } finally {
      client.close();
    }
  }
}
