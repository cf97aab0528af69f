package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.PeerIdentity;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tls.SelfSignedCertificate;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A handler learns who its caller is: the client certificate of a mutual-TLS session. */
@Timeout(60)
class CallPeerIdentityTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aHandlerSeesTheCallersCertificate() throws Exception {
    SelfSignedCertificate server = SelfSignedCertificate.create("127.0.0.1");
    SelfSignedCertificate alice = SelfSignedCertificate.create("alice");
    URI at = URI.create("qmux+tls://127.0.0.1:0?cert=" + write("s.pem", server.certificatePem())
        + "&key=" + write("s-key.pem", server.privateKeyPem())
        + "&clientAuth=require&trust=" + write("alice.pem", alice.certificatePem()));
    RespondMux mux = RespondMux.create().handle("whoami",
        (r, c) -> r.reply(c.peerIdentity().map(PeerIdentity::name).orElse("nobody")));
    SessionListener listener = Transports.listen(at);
    Server s = Server.of(mux).start(listener);
    try (Client client = Client.connect(listener.uri(), dev.qtalk.Transports.parseOptions(listener.uri(), Map.of(
        "cert", write("alice-chain.pem", alice.certificatePem()).toString(),
        "key", write("alice-key.pem", alice.privateKeyPem()).toString(),
        "pin", server.sha256())))) {
      assertThat(client.call("whoami", null, String.class)).isEqualTo("CN=alice");
    } finally {
      s.shutdownNow();
      assertThat(s.awaitTermination(Duration.ofSeconds(20))).isTrue();
    }
  }
}
