package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import dev.qtalk.qmux.WebSocketOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a qmux+ws listener does for browsers: files on the same port, the origin allow-list, the
 * total handshake deadline, the session limit, a sub-protocol, the message size limit and pings.
 */
@Timeout(60)
class WsBrowserFacingTest {
  private static final String UPGRADE_HEADERS =
      "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

  @TempDir Path site;

  private static SessionListener listen(String path, Options options) throws IOException {
    return Transports.listen(URI.create("qmux+ws://127.0.0.1:0" + path), options);
  }

  /** Sends {@code request} on a fresh socket and returns everything the listener answers until it closes. */
  private static String exchange(SessionListener listener, String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.uri().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String get(SessionListener listener, String target) throws IOException {
    return exchange(listener, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  }

  @Test
  void servesFilesFromTheStaticFolderOnTheWebSocketPort() throws Exception {
    Files.writeString(site.resolve("index.html"), "<h1>hi</h1>");
    Files.createDirectories(site.resolve("js"));
    Files.writeString(site.resolve("js/app.js"), "console.log(1)");
    Files.writeString(site.resolve(".secret"), "no");
    Files.writeString(site.getParent().resolve("outside-" + site.getFileName()), "no");
    try (SessionListener listener = listen("/", Options.of(WebSocketOptions.STATIC_DIR, site))) {
      assertThat(get(listener, "/")).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/html").endsWith("<h1>hi</h1>");
      assertThat(get(listener, "/js/app.js?v=1"))
          .contains("Content-Type: text/javascript").contains("Content-Length: 14\r\n").endsWith("console.log(1)");
      assertThat(exchange(listener, "HEAD /js/app.js HTTP/1.1\r\n\r\n")).contains("Content-Length: 14\r\n").endsWith("\r\n\r\n");
      assertThat(get(listener, "/nothing.js")).startsWith("HTTP/1.1 404 ");
      assertThat(get(listener, "/.secret")).startsWith("HTTP/1.1 404 ");
      assertThat(get(listener, "/../outside-" + site.getFileName())).startsWith("HTTP/1.1 404 ");
      assertThat(get(listener, "/%2e%2e/outside-" + site.getFileName())).startsWith("HTTP/1.1 404 ");
      assertThat(exchange(listener, "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n")).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD");
      assertThat(exchange(listener, "nonsense\r\n\r\n")).isEmpty(); // not HTTP: closed without an answer

      // and the same port still carries qmux
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      try (Session client = Transports.connect(listener.uri(), Options.defaults());
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 64 * 1024);
      }
    }
  }

  @Test
  void withoutAStaticFolderPlainRequestsGet404() throws Exception {
    try (SessionListener listener = listen("/", Options.defaults())) {
      assertThat(get(listener, "/index.html")).startsWith("HTTP/1.1 404 ");
    }
  }

  @Test
  void aStaticFolderThatDoesNotExistIsRefusedAtListen() {
    assertThatThrownBy(() -> listen("/", Options.of(WebSocketOptions.STATIC_DIR, site.resolve("missing"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected: a folder");
  }

  private static String upgrade(SessionListener listener, String path, String origin) throws IOException {
    int port = listener.uri().getPort();
    return exchange(listener, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + UPGRADE_HEADERS
        + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n");
  }

  @Test
  void foreignOriginsGet403BeforeAnyQmuxByteAndTheOwnOriginIsAccepted() throws Exception {
    try (SessionListener listener = listen("/qmux", Options.defaults())) {
      int port = listener.uri().getPort();
      String refused = upgrade(listener, "/qmux", "http://evil.example");
      assertThat(refused).startsWith("HTTP/1.1 403 ").endsWith("403 Forbidden\n"); // nothing after the answer
      assertThat(upgrade(listener, "/qmux", "http://127.0.0.1:" + (port + 1))).startsWith("HTTP/1.1 403 ");
      assertThat(upgrade(listener, "/other", "http://127.0.0.1:" + port)).startsWith("HTTP/1.1 404 ");
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET /qmux HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + UPGRADE_HEADERS
            + "Origin: http://127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 101 ");
      }
    }
  }

  @Test
  void allowedOriginsAddToTheOwnOrigin() throws Exception {
    Options options = Options.of(WebSocketOptions.ALLOWED_ORIGINS, "https://app.example, http://localhost:8080");
    try (SessionListener listener = listen("/", options)) {
      assertThat(upgrade(listener, "/", "http://evil.example")).startsWith("HTTP/1.1 403 ");
      for (String ok : new String[] {"https://app.example", "HTTPS://APP.EXAMPLE:443", "http://localhost:8080"}) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.uri().getPort())) {
          s.setSoTimeout(10_000);
          s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "Origin: " + ok + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
          assertThat(readHead(s.getInputStream())).as(ok).startsWith("HTTP/1.1 101 ");
        }
      }
    }
    try (SessionListener any = listen("/", Options.of(WebSocketOptions.ALLOWED_ORIGINS, "*"))) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), any.uri().getPort())) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "Origin: http://evil.example\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 101 ");
      }
    }
    assertThatThrownBy(() -> listen("/", Options.of(WebSocketOptions.ALLOWED_ORIGINS, "app.example")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: scheme://host[:port]");
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aClientDrippingItsHandshakeIsCutOffAtTheTotalDeadline() throws Exception {
    Options options = Options.of(StandardOptions.HANDSHAKE_TIMEOUT, Duration.ofMillis(800));
    try (SessionListener listener = listen("/", options);
        Socket slow = new Socket(InetAddress.getLoopbackAddress(), listener.uri().getPort())) {
      slow.setSoTimeout(10_000);
      OutputStream out = slow.getOutputStream();
      InputStream in = slow.getInputStream();
      byte[] request = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE_HEADERS + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      // one byte every 100 ms: each read is quick, the whole request would take over 10 s
      Thread dripper =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < request.length - 1; i++) {
                        out.write(request[i]);
                        out.flush();
                        Thread.sleep(100);
                      }
                    } catch (IOException | InterruptedException e) {
                      // cut off, as expected
                    }
                  });
      long start = System.nanoTime();
      assertThat(readUntilClosed(in)).as("the listener closed the connection").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed long before the request was complete")
          .isLessThan(Duration.ofSeconds(8));
      dripper.interrupt();
      // and the listener still works
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      try (Session client = Transports.connect(listener.uri(), Options.defaults());
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 1024);
      }
    }
  }

  /** True once the peer closed the connection (EOF or reset). */
  private static boolean readUntilClosed(InputStream in) {
    try {
      while (in.read() >= 0) {
        // drain
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void connectionsBeyondMaxSessionsAreClosedAtOnce() throws Exception {
    try (SessionListener listener = listen("/", Options.of(StandardOptions.MAX_SESSIONS, 1))) {
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      Session first = Transports.connect(listener.uri(), Options.defaults());
      Session firstServer = accepted.get(10, TimeUnit.SECONDS);
      try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), listener.uri().getPort())) {
        extra.setSoTimeout(10_000);
        assertThat(readUntilClosed(extra.getInputStream())).isTrue();
      }
      assertThatThrownBy(() -> Transports.connect(listener.uri(), Options.defaults())).isInstanceOf(ConnectException.class);
      first.close();
      firstServer.close();
      // once the first has gone, there is room again (the slot frees when its socket closes)
      // One accept waits throughout: a refused connection never reaches accept(), and a second
      // pending accept would race this one for the session that does.
      CompletableFuture<Session> next = TlsTransportTest.acceptAsync(listener);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Session again = null;
      while (again == null) {
        try {
          again = Transports.connect(listener.uri(), Options.defaults());
        } catch (ConnectException e) {
          assertThat(System.nanoTime()).as("the slot never came back").isLessThan(deadline);
          Thread.sleep(50);
        }
      }
      try (Session client = again;
          Session server = next.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 1024);
      }
    }
  }

  @Test
  void aSubprotocolIsOfferedByTheClientAndRequiredByTheListener() throws Exception {
    Options qmux = Options.of(WebSocketOptions.SUBPROTOCOL, "qmux");
    try (SessionListener listener = listen("/", qmux)) {
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      try (Session client = Transports.connect(listener.uri(), qmux);
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 1024);
      }
      assertThatThrownBy(() -> Transports.connect(listener.uri(), Options.defaults())).isInstanceOf(ConnectException.class);
      assertThatThrownBy(() -> Transports.connect(listener.uri(), Options.of(WebSocketOptions.SUBPROTOCOL, "other")))
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void aMessageLargerThanTheLimitClosesWithTooBigBeforeItsPayloadArrives() throws Exception {
    try (SessionListener listener = listen("/", Options.of(WebSocketOptions.MAX_MESSAGE_SIZE, 1024));
        Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.uri().getPort())) {
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE_HEADERS + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      assertThat(readHead(in)).startsWith("HTTP/1.1 101 ");
      Session server = accepted.get(10, TimeUnit.SECONDS);
      // a masked binary frame that claims 1 GiB; only its header is sent
      out.write(new byte[] {(byte) 0x82, (byte) 0xFF, 0, 0, 0, 0, 0x40, 0, 0, 0, 1, 2, 3, 4});
      out.flush();
      byte[] close = in.readNBytes(4);
      assertThat(close[0] & 0xFF).as("a close frame").isEqualTo(0x88);
      assertThat(((close[2] & 0xFF) << 8) | (close[3] & 0xFF)).as("close code").isEqualTo(1009);
      assertThat(server.closeFuture()).succeedsWithin(Duration.ofSeconds(10));
    }
  }

  @Test
  void aPeerThatPingsWithoutReadingThePongsIsCutOff() throws Exception {
    try (SessionListener listener = listen("/", Options.defaults()); Socket s = new Socket()) {
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      s.setReceiveBufferSize(4096); // the pongs back up soon
      s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), listener.uri().getPort()), 10_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE_HEADERS + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 101 ");
      Session server = accepted.get(10, TimeUnit.SECONDS);
      // masked pings (key 0) of 125 bytes, a thousand per write; never a byte read back
      byte[] ping = new byte[2 + 4 + 125];
      ping[0] = (byte) 0x89;
      ping[1] = (byte) (0x80 | 125);
      byte[] batch = new byte[ping.length * 1000];
      for (int i = 0; i < 1000; i++) {
        System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
      }
      int batches = 1000; // 131 MB: far beyond any socket buffer plus WsLink.MAX_QUEUED_FRAMES pongs
      int sent = 0;
      try {
        for (; sent < batches; sent++) {
          out.write(batch);
        }
      } catch (IOException expected) {
        // the server closed the connection
      }
      assertThat(sent).as("batches of pings written before the server cut the connection").isLessThan(batches);
      assertThat(server.closeFuture()).succeedsWithin(Duration.ofSeconds(10));
    }
  }

  @Test
  void aSilentPeerIsPingedAndDroppedWhenItDoesNotAnswer() throws Exception {
    Options quick =
        Options.builder()
            .set(WebSocketOptions.PING_INTERVAL, Duration.ofMillis(300))
            .set(StandardOptions.KEEPALIVE_TIMEOUT, Duration.ofMillis(500))
            .build();
    try (SessionListener listener = listen("/", quick);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.uri().getPort())) {
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE_HEADERS + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      assertThat(readHead(in)).startsWith("HTTP/1.1 101 ");
      Session server = accepted.get(10, TimeUnit.SECONDS);
      byte[] ping = in.readNBytes(2);
      assertThat(ping[0] & 0xFF).as("a ping frame").isEqualTo(0x89);
      // never answered: the session ends
      assertThat(server.closeFuture()).succeedsWithin(Duration.ofSeconds(10));
      assertThat(readUntilClosed(in)).isTrue();
    }
  }

  @Test
  void aPeerThatAnswersPingsStaysOpen() throws Exception {
    Options ping = Options.of(WebSocketOptions.PING_INTERVAL, Duration.ofMillis(200));
    try (SessionListener listener = listen("/", ping)) {
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      // the client answers pings by itself; its own pings are off here
      URI target = URI.create("ws://127.0.0.1:" + listener.uri().getPort() + "/");
      Options quiet = Options.of(WebSocketOptions.PING_INTERVAL, Duration.ZERO);
      WsConnection ws = WsDialer.dial("qmux+ws", target, new java.net.InetSocketAddress("127.0.0.1", target.getPort()),
          new org.java_websocket.drafts.Draft_6455(), "http://127.0.0.1:" + target.getPort(), quiet);
      try (Session client = QmuxSession.start(ws, Options.defaults());
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        // several silent intervals, each pinged and answered, keep it alive
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ws.pingsAnswered() < 4) {
          assertThat(server.isOpen()).as("open after " + ws.pingsAnswered() + " answered pings").isTrue();
          assertThat(System.nanoTime()).as("pinged four times").isLessThan(deadline);
          Thread.sleep(10);
        }
        assertThat(server.isOpen()).isTrue();
        Exchange.verify(client, server, 1024);
      }
    }
  }
}
