package dev.qtalk.quic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.log.NullLogger;
import tech.kwik.core.server.ApplicationProtocolConnection;
import tech.kwik.core.server.ApplicationProtocolConnectionFactory;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;

/**
 * Interop with Kwik, an independent pure-Java QUIC stack, in both directions: ALPN {@code
 * qtalk-quic}, the {@code '!'} marker an opener writes, data both ways and half-close. Kwik is
 * slow, so the payloads are small.
 */
@Tag("interop")
@Timeout(120)
class KwikInteropTest {
  private static final String ALPN = "qtalk-quic";
  private static final byte[] PAYLOAD = QuicTestSupport.pattern(200_000, 7);

  @Test
  void kwikClientOpensStreamsToOurServer() throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("quic://127.0.0.1:0"), QuicTestSupport.CERT.serverOptions())) {
      QuicClientConnection kwik = QuicClientConnection.newBuilder()
          .uri(URI.create("https://localhost:" + listener.uri().getPort()))
          .preferIPv4()
          .applicationProtocol(ALPN)
          .customTrustManager(trustManager())
          .maxOpenPeerInitiatedBidirectionalStreams(10)
          .connectTimeout(Duration.ofSeconds(10))
          .logger(new NullLogger())
          .build();
      CompletableFuture<QuicStream> fromServer = new CompletableFuture<>();
      kwik.setPeerInitiatedStreamCallback(fromServer::complete);
      kwik.connect();
      try (Session server = listener.accept()) {
        // Kwik opens: the marker, then data, then FIN.
        QuicStream ks = kwik.createStream(true);
        OutputStream out = ks.getOutputStream();
        out.write('!');
        out.write(PAYLOAD);
        out.close();
        Channel accepted = server.accept(Duration.ofSeconds(20));
        long[] got = QuicTestSupport.drain(accepted, 8192); // marker discarded, EOF after the FIN
        assertThat(got).containsExactly(PAYLOAD.length, QuicTestSupport.crc(PAYLOAD));
        // The other direction is still open after Kwik's half-close.
        accepted.write(ByteBuffer.wrap("reply".getBytes(StandardCharsets.US_ASCII)));
        accepted.closeWrite();
        assertThat(ks.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("reply");

        // Our server opens: Kwik must see the '!' marker first.
        Channel opened = server.open(Duration.ofSeconds(10));
        opened.write(ByteBuffer.wrap("hi kwik".getBytes(StandardCharsets.US_ASCII)));
        opened.closeWrite();
        QuicStream incoming = fromServer.get(20, TimeUnit.SECONDS);
        assertThat(incoming.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("!hi kwik");
        incoming.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
        incoming.getOutputStream().close();
        assertThat(QuicTestSupport.readN(opened, 3)).asString(StandardCharsets.US_ASCII).isEqualTo("bye");
        assertThat(opened.read(ByteBuffer.allocate(1))).isEqualTo(-1);

        kwik.close();
        server.closeFuture().get(20, TimeUnit.SECONDS);
        assertThat(server.closeCause()).isEmpty();
      }
    }
  }

  @Test
  void ourClientOpensStreamsToAKwikServer() throws Exception {
    CompletableFuture<byte[]> seenByKwik = new CompletableFuture<>();
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    ServerConnector kwikServer = ServerConnector.builder()
        .withSocket(socket)
        .withKeyStore(keyStore(), "qtalk", "qtalk".toCharArray())
        .withConfiguration(ServerConnectionConfig.builder()
            .maxOpenPeerInitiatedBidirectionalStreams(10)
            .maxIdleTimeoutInSeconds(30)
            .build())
        .withLogger(new NullLogger()) // its server throws without a logger
        .build();
    kwikServer.registerApplicationProtocol(ALPN, new ApplicationProtocolConnectionFactory() {
      @Override
      public ApplicationProtocolConnection createConnection(String protocol, tech.kwik.core.QuicConnection connection) {
        return new ApplicationProtocolConnection() {
          @Override
          public void acceptPeerInitiatedStream(QuicStream stream) {
            Thread.ofVirtual().start(() -> {
              try {
                // Read everything up to our FIN, then answer and half-close.
                byte[] all = stream.getInputStream().readAllBytes();
                seenByKwik.complete(all);
                OutputStream out = stream.getOutputStream();
                out.write(("got " + (all.length - 1)).getBytes(StandardCharsets.US_ASCII));
                out.close();
              } catch (Exception e) {
                seenByKwik.completeExceptionally(e);
              }
            });
          }
        };
      }
    });
    kwikServer.start();
    try (Session client = Transports.connect(URI.create("quic://127.0.0.1:" + socket.getLocalPort()),
        Options.builder().setAll(QuicTestSupport.CERT.clientOptions()).build())) {
      Channel c = client.open(Duration.ofSeconds(10));
      c.write(ByteBuffer.wrap(PAYLOAD));
      c.closeWrite();
      byte[] seen = seenByKwik.get(60, TimeUnit.SECONDS);
      assertThat(seen[0]).isEqualTo((byte) '!');
      assertThat(java.util.Arrays.copyOfRange(seen, 1, seen.length)).isEqualTo(PAYLOAD);
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      try (InputStream in = c.inputStream()) {
        in.transferTo(reply);
      }
      assertThat(reply.toString(StandardCharsets.US_ASCII)).isEqualTo("got " + PAYLOAD.length);
    } finally {
      kwikServer.close();
    }
  }

  private static X509TrustManager trustManager() {
    return (X509TrustManager) QuicTestSupport.CERT.trustManagerFactory().getTrustManagers()[0];
  }

  private static KeyStore keyStore() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("qtalk", QuicTestSupport.CERT.privateKey(), "qtalk".toCharArray(),
        new X509Certificate[] {QuicTestSupport.CERT.certificate()});
    return ks;
  }
}
