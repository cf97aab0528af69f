package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code qtalk call} against a JavaScript server: interop/node/rpc-peer.mjs serving with the npm
 * package {@code @progrium/duplex} over TCP (the duplex dialect).
 */
@Timeout(180)
class NodeCallTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"json", "cbor"})
  void callsTheDuplexServer(String codec) throws Exception {
    Tools.requireNodeDuplex();
    String uri = startNode(codec);
    try {
      Qtalk.Result r = Qtalk.run("call", uri, "echo", "{\"from\": \"java\", \"n\": [1, 2.5, true, null]}",
          "--dialect", "duplex", "--codec", codec);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).isEqualTo("{\"from\":\"java\",\"n\":[1,2.5,true,null]}");
    } finally {
      stopNode();
    }

    uri = startNode(codec);
    try {
      Qtalk.Result r = Qtalk.run("call", uri, "fail", "\"x\"", "--dialect", "duplex", "--codec", codec);
      assertThat(r.exit()).as(r.toString()).isEqualTo(1);
      assertThat(r.err().strip()).isEqualTo("qtalk call: remote error: boom: x (from fail)");
    } finally {
      stopNode();
    }

    uri = startNode(codec);
    try {
      // the handler continues with "ready", echoes what it reads, and ends with a count after EOF
      Qtalk.Result r = Qtalk.run("call", uri, "stream", "null", "--stream", "--dialect", "duplex", "--codec", codec);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out().lines()).containsExactly("\"ready\"", "{\"count\":0}");
    } finally {
      stopNode();
    }
  }

  private Process node;

  /** The script serves one session, then exits. */
  private String startNode(String codec) throws Exception {
    node = new ProcessBuilder("node", Tools.NODE_DIR.resolve("rpc-peer.mjs").toString(), "serve", codec)
        .directory(Tools.NODE_DIR.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("node's first line").startsWith("PORT ");
    return "qmux+tcp://127.0.0.1:" + line.substring(5).trim();
  }

  private void stopNode() throws InterruptedException {
    node.destroy();
    if (!node.waitFor(20, TimeUnit.SECONDS)) {
      node.destroyForcibly();
    }
  }
}
