package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.quic.SelfSignedCertificate;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.RespondMux;
import dev.qtalk.rpc.Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code of the pages in docs/, run. Each block between "// snippet: NAME" and "// end snippet"
 * appears in a page as a java block after {@code <!-- snippet: NAME -->}; DocsTest checks the two
 * are the same text.
 */
@Timeout(120)
class DocsExamplesTest {
  // snippet: choose-transport
  /** Connects wherever the configuration says: qmux+tcp://..., quic://..., ssh://..., mem:... */
  static Session connect(String configured) throws IOException {
    // options as text, the same names as -o and as a URI query (?openTimeout=5s)
    return Transports.connect(URI.create(configured), Map.of("openTimeout", "5s"));
  }
  // end snippet

  @Test
  void chooseTransportRunsOnSeveralSchemes() throws Exception {
    for (String scheme : new String[] {"qmux+tcp://127.0.0.1:0", "mem:docs", "qmux+ws://127.0.0.1:0/q"}) {
      try (SessionListener listener = Transports.listen(URI.create(scheme))) {
        CompletableFuture<byte[]> served = echoOnce(listener);
        try (Session s = connect(listener.uri().toString())) {
          Channel ch = s.open();
          ch.outputStream().write(scheme.getBytes(StandardCharsets.UTF_8));
          ch.closeWrite();
          assertThat(ch.inputStream().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo(scheme);
          ch.close();
        }
        assertThat(served.get(60, TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8).isEqualTo(scheme);
      }
    }
  }

  @Test
  void theReadmeExampleRuns() throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"))) {
      CompletableFuture<byte[]> served = echoOnce(listener);
      URI uri = listener.uri();
      // snippet: readme
      Session session = Transports.connect(uri);   // uri: qmux+tcp://127.0.0.1:7000, quic://..., ssh://...
      Channel ch = session.open();                 // the peer's accept() returns the matching channel
      ch.write(ByteBuffer.wrap("hello".getBytes()));
      ch.closeWrite();                             // half-close: the peer reads end-of-stream
      byte[] reply = ch.inputStream().readAllBytes();
      ch.close();
      // end snippet
      assertThat(reply).asString().isEqualTo("hello");
      assertThat(served.get(60, TimeUnit.SECONDS)).asString().isEqualTo("hello");
      session.close();
    }
  }

  /** Accepts one session and one channel and echoes the channel; the client ends the session. */
  private static CompletableFuture<byte[]> echoOnce(SessionListener listener) {
    CompletableFuture<byte[]> served = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        Channel ch = listener.accept().accept();
        byte[] got = ch.inputStream().readAllBytes();
        ch.outputStream().write(got);
        ch.closeWrite();
        served.complete(got);
      } catch (IOException | RuntimeException e) {
        served.completeExceptionally(e);
      }
    });
    return served;
  }

  @Test
  void rpcOverQuicEndToEnd() throws Exception {
    // snippet: rpc-over-quic
    SelfSignedCertificate cert = SelfSignedCertificate.create(); // or -o cert=chain.pem -o key=key.pem
    RespondMux mux = RespondMux.create()
        .handle("upper", (r, call) -> r.reply(call.receive(String.class).toUpperCase(Locale.ROOT)));
    SessionListener listener = Transports.listen(URI.create("quic://127.0.0.1:0"), cert.serverOptions());
    Thread server = Thread.ofVirtual().start(() -> {
      try {
        Server.of(mux).serve(listener); // returns once the listener is closed
      } catch (IOException e) {
        System.getLogger("example").log(System.Logger.Level.WARNING, "serving failed", e);
      }
    });

    try (Session session = Transports.connect(listener.uri(), cert.clientOptions())) {
      Client client = Client.builder(session).timeout(Duration.ofSeconds(10)).build();
      String upper = client.call("upper", "quic", String.class); // "QUIC"
      System.out.println(upper);
    } // closing the session ends its calls and channels

    listener.close(); // stops accepting; sessions already accepted stay open until they end
    server.join();
    // end snippet
    assertThat(server.isAlive()).isFalse();
  }

  @Test
  void callADuplexServer() throws Exception {
    Tools.requireNodeDuplex();
    Process node = new ProcessBuilder("node", Tools.NODE_DIR.resolve("rpc-peer.mjs").toString(), "serve", "json")
        .directory(Tools.NODE_DIR.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String line = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertThat(line).startsWith("PORT ");
      int port = Integer.parseInt(line.substring(5).trim());
      // snippet: call-duplex
      try (Session session = Transports.connect(URI.create("qmux+tcp://127.0.0.1:" + port))) {
        Client client = Client.builder(session)
            .codec(Codec.jsonCompact())   // JSON as JavaScript writes it
            .dialect(Dialect.DUPLEX)      // {"S": ...} headers, not {"Selector": ...}
            .build();
        JsonNode echoed = client.call("echo", Map.of("hello", "js"));
        System.out.println(echoed);       // {"hello":"js"}
      }
      // end snippet
    } finally {
      node.destroy();
    }
  }
}
