package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Session;
import dev.qtalk.Transports;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * npm {@code @progrium/duplex} ignores the optional deadline field: calls from a Java client with
 * a deadline (header {@code {"S":...,"T":ms}}) are answered as calls without one, in both codecs.
 */
@Timeout(120)
class NodeDeadlineInteropTest {

  @BeforeAll
  static void needsNode() {
    NodePeer.assumeNode();
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "cbor"})
  void nodeAnswersCallsThatCarryADeadline(String codecName) throws Exception {
    try (NodePeer node = NodePeer.start("serve", codecName)) {
      String line = node.readLine();
      assertThat(line).startsWith("PORT ");
      Session session = Transports.connect(URI.create("qmux+tcp://127.0.0.1:" + line.substring(5)));
      try {
        Client client = Client.builder(session)
            .codec(NodeInteropTest.codec(codecName))
            .dialect(Dialect.DUPLEX)
            .timeout(Duration.ofSeconds(30))
            .build();
        assertThat(client.call("echo", "with a deadline", String.class)).isEqualTo("with a deadline");
        assertThat(client.call("echo", Map.of("n", List.of(1, 2)))).isEqualTo(
            client.codec().mapper().valueToTree(Map.of("n", List.of(1, 2))));
        try (Response r = client.invoke("stream", null)) {
          assertThat(r.continued()).isTrue();
          assertThat(r.value(String.class)).isEqualTo("ready");
          r.send("x");
          assertThat(r.next().orElseThrow().asText()).isEqualTo("x");
          r.closeWrite();
          assertThat(r.next().orElseThrow().get("count").asInt()).isEqualTo(1);
        }
        assertThat(client.withTimeout(Duration.ZERO).call("echo", "and without", String.class))
            .isEqualTo("and without");
      } finally {
        session.close();
      }
      assertThat(node.finish().exitCode()).isZero();
    }
  }
}
