package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code @progrium/duplex} answers the keepalive ping (an OPEN with max packet 0) with OPEN_FAILURE
 * by itself: the session stays alive on its answers, and the Node application is never handed a
 * channel ({@code interop/node/keepalive-peer.mjs}). Needs Node and {@code npm ci} in interop/node:
 * skipped without them, failed without them when CI=true.
 */
@Timeout(120)
class NodeKeepaliveTest {

  @Test
  void duplexAnswersThePingWithoutItsApplication() throws Exception {
    Path nodeDir = Tools.requireNodeDuplex();
    Options options =
        Options.builder()
            .set(StandardOptions.KEEPALIVE_INTERVAL, Duration.ofMillis(100))
            .set(StandardOptions.KEEPALIVE_TIMEOUT, Duration.ofSeconds(10))
            .build();
    try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"), options)) {
      Process node =
          new ProcessBuilder("node", "keepalive-peer.mjs", String.valueOf(listener.uri().getPort()))
              .directory(nodeDir.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
        Session session = listener.accept();
        assertThat(out.readLine()).contains("\"ready\":true");
        QmuxSession q = (QmuxSession) session;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (q.keepaliveAnswers() < 10) {
          assertThat(System.nanoTime()).as("duplex answers pings").isLessThan(deadline);
          assertThat(session.isOpen()).isTrue();
          Thread.sleep(20);
        }
        assertThat(session.isOpen()).isTrue();
        session.close();
        String report = out.readLine();
        assertThat(report).as("the Node application saw no channel").isEqualTo("{\"accepted\":0}");
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isZero();
      } finally {
        node.destroyForcibly();
      }
    }
  }
}
