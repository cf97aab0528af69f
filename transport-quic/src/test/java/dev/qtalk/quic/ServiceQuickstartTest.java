package dev.qtalk.quic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Transports;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.RespondMux;
import dev.qtalk.rpc.Server;
import dev.qtalk.tls.SelfSignedCertificate;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The root README's "A service over QUIC", with PEM files made here and an ephemeral port. */
@Timeout(60)
class ServiceQuickstartTest {
  @TempDir Path dir;

  @Test
  void theReadmeServiceRunsAndStops() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost", "127.0.0.1");
    Path chain = Files.writeString(dir.resolve("chain.pem"), cert.certificatePem());
    Path key = Files.writeString(dir.resolve("key.pem"), cert.privateKeyPem());
    Path ca = Files.writeString(dir.resolve("ca.pem"), cert.certificatePem());

    RespondMux mux = RespondMux.create()
        .handle("greet", (r, call) -> r.reply("hello, " + call.receive(String.class)));
    Server server = Server.of(mux).start(Transports.listen(
        URI.create("quic://127.0.0.1:0?cert=" + chain + "&key=" + key)));
    int port = server.listeners().get(0).uri().getPort(); // the README listens on 4433

    try (Client client = Client.connect(URI.create("quic://127.0.0.1:" + port + "?trust=" + ca))) {
      String hello = client.call("greet", "ada", String.class);
      assertThat(hello).isEqualTo("hello, ada");
    }

    server.shutdown();
    if (!server.awaitTermination(Duration.ofSeconds(10))) {
      server.shutdownNow();
    }
    assertThat(server.isTerminated()).isTrue();
  }
}
