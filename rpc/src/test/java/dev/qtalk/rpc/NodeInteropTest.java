package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with a peer no one here wrote: npm {@code @progrium/duplex@0.2.2} on Node, over qmux on
 * TCP, in the duplex dialect with both codecs. Java calls Node's handlers, and Node calls Java's.
 */
@Timeout(120)
class NodeInteropTest {

  @BeforeAll
  static void needsNode() {
    NodePeer.assumeNode();
  }

  static Codec codec(String name) {
    return name.equals("cbor") ? Codec.cbor() : Codec.jsonCompact();
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "cbor"})
  void javaCallsNodeHandlers(String codecName) throws Exception {
    try (NodePeer node = NodePeer.start("serve", codecName)) {
      String line = node.readLine();
      assertThat(line).startsWith("PORT ");
      Session session = Transports.connect(URI.create("qmux+tcp://127.0.0.1:" + line.substring(5)));
      try {
        Client client =
            Client.builder(session).codec(codec(codecName)).dialect(Dialect.DUPLEX).build();
        Codec codec = client.codec();

        // unary values of each JSON type
        List<Object> values =
            Arrays.asList(0, 42, -7, 3.5, true, false, "hello", "", null, List.of(1, "two", List.of(3)),
                Map.of("a", 1, "b", Arrays.asList(true, null), "c", Map.of("d", "e")));
        for (Object v : values) {
          JsonNode want = codec.mapper().valueToTree(v);
          assertThat(client.call("echo", v)).as("echo %s", v).isEqualTo(want);
        }
        assertThat(client.call("echo", "typed", String.class)).isEqualTo("typed");

        // a remote error, and a selector Node has no handler for
        assertThatThrownBy(() -> client.call("fail", "x"))
            .isInstanceOf(RemoteException.class)
            .extracting(e -> ((RemoteException) e).remoteMessage())
            .isEqualTo("boom: x");
        assertThatThrownBy(() -> client.call("nope.nothing", null))
            .isInstanceOf(RemoteException.class)
            .extracting(e -> ((RemoteException) e).remoteMessage())
            .isEqualTo("not found: nope.nothing"); // duplex reports the selector as sent

        streamBothWays(client);
        bytesBothWays(client);
      } finally {
        session.close();
      }
      assertThat(node.finish().exitCode()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "cbor"})
  void nodeCallsJavaHandlers(String codecName) throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"))) {
      CompletableFuture<Session> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return listener.accept();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      try (NodePeer node = NodePeer.start("call", codecName, String.valueOf(listener.uri().getPort()))) {
        Session session = accepted.get(30, TimeUnit.SECONDS);
        Server.of(InteropHandlers.mux()).start(session);
        NodePeer.Result result = node.finish();
        session.close();
        assertThat(result.lines()).as("node's checks").last().asString().startsWith("ALL PASSED");
        assertThat(result.lines()).noneMatch(l -> l.startsWith("FAIL"));
        assertThat(result.lines())
            .contains(
                "ok echo {\"a\":1,\"b\":[true,null],\"c\":{\"d\":\"e\"}} {\"a\":1,\"b\":[true,null],\"c\":{\"d\":\"e\"}}",
                "ok stream values [\"a\",1,{\"b\":2},[3],{\"count\":4}]",
                "ok fail error \"boom: x\"",
                "ok nope.nothing error \"not found: /nope/nothing\"",
                "ok bytes 1 MiB each way 1048576");
        assertThat(result.exitCode()).isZero();
      }
    }
  }

  private static void streamBothWays(Client client) throws Exception {
    try (Response r = client.invoke("stream", null)) {
      assertThat(r.continued()).isTrue();
      assertThat(r.value(String.class)).isEqualTo("ready");
      List<Object> sent = List.of("a", 1, Map.of("b", 2), List.of(3));
      CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
        try {
          for (Object v : sent) {
            r.send(v);
          }
          r.closeWrite();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      List<JsonNode> got = new ArrayList<>();
      for (Optional<JsonNode> v = r.next(); v.isPresent(); v = r.next()) {
        got.add(v.get());
      }
      sending.get(30, TimeUnit.SECONDS);
      List<JsonNode> want = new ArrayList<>();
      for (Object v : sent) {
        want.add(r.codec().mapper().valueToTree(v));
      }
      want.add(r.codec().mapper().valueToTree(Map.of("count", sent.size())));
      assertThat(got).isEqualTo(want);
    }
  }

  private static void bytesBothWays(Client client) throws Exception {
    byte[] data = new byte[1024 * 1024];
    new Random(7).nextBytes(data);
    try (Response r = client.invoke("bytes", null)) {
      assertThat(r.continued()).isTrue();
      CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
        try {
          r.channel().write(ByteBuffer.wrap(data));
          r.closeWrite();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (r.channel().read(buf.clear()) >= 0) {
        got.write(buf.array(), 0, buf.position());
      }
      sending.get(30, TimeUnit.SECONDS);
      assertThat(got.size()).isEqualTo(data.length);
      assertThat(got.toByteArray()).isEqualTo(data);
    }
  }
}
