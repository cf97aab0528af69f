package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interop with a peer no one here wrote: the npm package {@code @progrium/duplex@0.2.2} on Node,
 * over {@code qmux+tcp}, {@code qmux+ws} and {@code qmux+wss} ({@code interop/node/qmux-interop.mjs}). Java opens a channel to Node and
 * Node opens one to Java, at the same time; each moves 8 MiB each way with SHA-256 compared on both
 * sides, and each direction is half-closed before the other one starts (so data still flows after
 * the peer's EOF). Skipped when Node or the installed package is missing, failed then when CI=true.
 */
@Timeout(180)
class NodeInteropTest {
  private static final int BYTES = 8 * 1024 * 1024;
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"([^\"]*)\"|(\\d+|true|false))");

  private Path nodeDir;
  private Map<String, String> extraEnv = Map.of();

  @BeforeEach
  void requireNode() {
    nodeDir = Tools.requireNodeDuplex(); // each test, so that a skip is reported as one
  }

  @Test
  void javaAndNodeOpenChannelsToEachOtherAndMove8MiBEachWayWithHalfClose() throws Exception {
    exchange("qmux+tcp://127.0.0.1:0", Options.defaults());
  }

  /** Over qmux+ws, Node uses the package's own WebSocket transport (npm {@code ws}). */
  @Test
  void overWebSocketWithThePackagesOwnTransport() throws Exception {
    exchange("qmux+ws://127.0.0.1:0/qmux", Options.defaults());
  }

  /**
   * Over qmux+wss, Node verifies our certificate: the test CA is handed to it through {@code
   * NODE_EXTRA_CA_CERTS}.
   */
  @Test
  void overSecureWebSocketWithVerification() throws Exception {
    X509Bundle cert = TestCerts.loopback();
    Path pem = Files.createTempFile("qmux-node-ca", ".pem");
    try {
      Files.writeString(pem, cert.getCertificatePEM());
      extraEnv = Map.of("NODE_EXTRA_CA_CERTS", pem.toString());
      exchange("qmux+wss://127.0.0.1:0/qmux", TestCerts.server(cert));
    } finally {
      extraEnv = Map.of();
      Files.deleteIfExists(pem);
    }
  }

  /**
   * A small Java window and max packet: Node's stop-and-wait writer (QTALK-WIRE §7) then needs
   * hundreds of WINDOW_ADJUSTs, each sent as soon as a DATA message has been consumed.
   */
  @Test
  void aSmallJavaWindowAndPacketStillMove8MiBEachWay() throws Exception {
    exchange(
        "qmux+tcp://127.0.0.1:0",
        Options.builder()
            .set(StandardOptions.WINDOW_SIZE, 48 * 1024)
            .set(StandardOptions.MAX_PACKET_SIZE, 16 * 1024)
            .build());
  }

  private void exchange(String listenOn, Options options) throws Exception {
    try (SessionListener listener = Transports.listen(URI.create(listenOn), options)) {
      URI at = listener.uri();
      String address =
          switch (at.getScheme()) {
            case "qmux+ws" -> "ws://" + at.getRawAuthority() + at.getRawPath();
            case "qmux+wss" -> "wss://" + at.getRawAuthority() + at.getRawPath();
            default -> String.valueOf(at.getPort());
          };
      ProcessBuilder pb =
          new ProcessBuilder("node", "qmux-interop.mjs", address, String.valueOf(BYTES))
              .directory(nodeDir.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().putAll(extraEnv);
      Process node = pb.start();
      try {
        List<Map<String, String>> reports = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> stdout = CompletableFuture.runAsync(() -> collect(node.getInputStream(), reports));
        Session session = acceptWhileAlive(listener, node);

        // Java opens to Node: send, half-close, then read Node's reply until its EOF
        CompletableFuture<String[]> javaOpened =
            async(() -> {
              Channel ch = session.open(Duration.ofSeconds(20));
              String sent = sendRandom(ch, 1);
              ch.closeWrite();
              String received = digestToEof(ch);
              ch.close();
              return new String[] {sent, received};
            });
        // Node opens to Java: read until Node's EOF, then reply and half-close
        CompletableFuture<String[]> nodeOpened =
            async(() -> {
              Channel ch = session.accept(Duration.ofSeconds(20));
              String received = digestToEof(ch);
              String sent = sendRandom(ch, 2);
              ch.closeWrite();
              ch.close();
              return new String[] {sent, received};
            });

        String[] j = javaOpened.get(120, TimeUnit.SECONDS);
        String[] n = nodeOpened.get(120, TimeUnit.SECONDS);
        awaitDone(reports);
        Map<String, String> nodeSideOfJavaOpened = find(reports, "java-opened");
        Map<String, String> nodeSideOfNodeOpened = find(reports, "node-opened");

        assertThat(nodeSideOfJavaOpened.get("receivedBytes")).isEqualTo(String.valueOf(BYTES));
        assertThat(nodeSideOfJavaOpened.get("received")).as("what Node got on the channel Java opened").isEqualTo(j[0]);
        assertThat(j[1]).as("what Java got back on the channel it opened").isEqualTo(nodeSideOfJavaOpened.get("sent"));
        assertThat(nodeSideOfNodeOpened.get("receivedBytes")).isEqualTo(String.valueOf(BYTES));
        assertThat(nodeSideOfNodeOpened.get("received")).as("what Node got back on the channel it opened").isEqualTo(n[0]);
        assertThat(n[1]).as("what Java got on the channel Node opened").isEqualTo(nodeSideOfNodeOpened.get("sent"));

        assertThat(session.isOpen()).as("the session survived both channels").isTrue();
        // the CLOSE handshake finished both ways with duplex (QTALK-WIRE §7): no channel is left
        QmuxSession qmux = (QmuxSession) session;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (qmux.channelCount() > 0 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(qmux.channelCount()).as("channels still in the table").isZero();
        assertThat(qmux.droppedMessages()).as("messages for unknown channels").isZero();
        session.close();
        assertThat(node.waitFor(20, TimeUnit.SECONDS)).as("Node exits when Java ends the session").isTrue();
        assertThat(node.exitValue()).isZero();
        stdout.get(10, TimeUnit.SECONDS);
        session.closeFuture().get(10, TimeUnit.SECONDS);
      } finally {
        node.destroyForcibly();
      }
    }
  }

  /** Accepts Node's session, failing at once if Node exits first (a TLS refusal, say). */
  private static Session acceptWhileAlive(SessionListener listener, Process node) throws Exception {
    CompletableFuture<Session> accepted = async(listener::accept);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return accepted.get(100, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        if (!node.isAlive()) {
          throw new AssertionError("node exited with " + node.exitValue() + " before its session was accepted");
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("node did not connect within 30 s");
        }
      }
    }
  }

  private static String sendRandom(Channel ch, long seed) throws IOException {
    Random r = new Random(seed);
    MessageDigest d = sha256();
    OutputStream out = ch.outputStream();
    byte[] chunk = new byte[77_777];
    int left = BYTES;
    while (left > 0) {
      int k = Math.min(left, 1 + r.nextInt(chunk.length));
      r.nextBytes(chunk);
      out.write(chunk, 0, k);
      d.update(chunk, 0, k);
      left -= k;
    }
    out.flush();
    return HexFormat.of().formatHex(d.digest());
  }

  private static String digestToEof(Channel ch) throws IOException {
    MessageDigest d = sha256();
    InputStream in = ch.inputStream();
    byte[] buf = new byte[50_000];
    long total = 0;
    int k;
    while ((k = in.read(buf)) >= 0) {
      d.update(buf, 0, k);
      total += k;
    }
    assertThat(total).isEqualTo(BYTES);
    return HexFormat.of().formatHex(d.digest());
  }

  private static void collect(InputStream in, List<Map<String, String>> reports) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        Map<String, String> m = new ConcurrentHashMap<>();
        Matcher matcher = FIELD.matcher(line);
        while (matcher.find()) {
          m.put(matcher.group(1), matcher.group(3) != null ? matcher.group(3) : matcher.group(4));
        }
        reports.add(m);
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private static void awaitDone(List<Map<String, String>> reports) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (reports.stream().noneMatch(m -> "true".equals(m.get("done")))) {
      assertThat(System.nanoTime()).as("Node reports both channels done").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static Map<String, String> find(List<Map<String, String>> reports, String channel) {
    return reports.stream()
        .filter(m -> channel.equals(m.get("channel")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("Node did not report channel " + channel + ": " + reports));
  }

  private interface IoSupplier<T> {
    T get() throws Exception;
  }

  private static <T> CompletableFuture<T> async(IoSupplier<T> body) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                f.complete(body.get());
              } catch (Throwable t) {
                f.completeExceptionally(t);
              }
            });
    return f;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

}
