package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.ProtocolException;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.netty.pkitesting.X509Bundle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.Protocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code qmux+ws} and {@code qmux+wss} on loopback, and the WebSocket framing rules of QTALK-WIRE §5. */
@Timeout(60)
class WsTransportTest {
  private static X509Bundle cert;

  @BeforeAll
  static void certificates() throws Exception {
    cert = TestCerts.loopback();
  }

  @Test
  void carriesDataBothWays() throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+ws://127.0.0.1:0"), Options.defaults())) {
      assertThat(listener.uri().toString()).startsWith("qmux+ws://127.0.0.1:").endsWith("/");
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      try (Session client = Transports.connect(listener.uri(), Options.defaults());
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 3 * 1024 * 1024);
      }
    }
  }

  @Test
  void aListenerOnAPathRefusesOtherPaths() throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+ws://127.0.0.1:0/qmux"), Options.defaults())) {
      assertThat(listener.uri().getPath()).isEqualTo("/qmux");
      URI other = URI.create("qmux+ws://127.0.0.1:" + listener.uri().getPort() + "/other");
      assertThatThrownBy(() -> Transports.connect(other, Options.defaults())).isInstanceOf(ConnectException.class);
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      try (Session client = Transports.connect(listener.uri(), Options.defaults());
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 1024);
      }
    }
  }

  @Test
  void clientSendsOriginAndOneBinaryFramePerMessage() throws Exception {
    try (RawWsServer raw = RawWsServer.launch()) {
      URI uri = URI.create("qmux+ws://127.0.0.1:" + raw.getPort() + "/q");
      try (Session client = Transports.connect(uri, Options.defaults())) {
        ClientHandshake h = raw.handshake.get(10, TimeUnit.SECONDS);
        assertThat(h.getFieldValue("Origin")).isEqualTo("http://127.0.0.1:" + raw.getPort());
        assertThat(h.getResourceDescriptor()).isEqualTo("/q");
        WebSocket peer = raw.socket.get();

        CompletableFuture<Channel> opened = openAsync(client);
        Message.Open open = (Message.Open) onlyMessage(raw.nextFrame());
        // confirm with a max packet of 1000, split across three frames
        byte[] confirm = MessageCodec.encode(new Message.OpenConfirm(open.senderId(), 7, 1 << 20, 1000));
        peer.send(Arrays.copyOfRange(confirm, 0, 1));
        peer.send(Arrays.copyOfRange(confirm, 1, 10));
        peer.send(Arrays.copyOfRange(confirm, 10, confirm.length));
        Channel ch = opened.get(10, TimeUnit.SECONDS);

        byte[] data = new byte[2500];
        Arrays.fill(data, (byte) 'x');
        ch.write(java.nio.ByteBuffer.wrap(data));
        ch.closeWrite();
        int got = 0;
        while (got < data.length) {
          Message.Data d = (Message.Data) onlyMessage(raw.nextFrame());
          assertThat(d.recipientId()).isEqualTo(7);
          assertThat(d.length()).isLessThanOrEqualTo(1000);
          got += d.length();
        }
        assertThat(got).isEqualTo(data.length);
        assertThat(onlyMessage(raw.nextFrame())).isEqualTo(new Message.Eof(7));

        // two messages merged in one frame: DATA "hi" then EOF
        byte[] hi = MessageCodec.encode(new Message.Data(ch.id(), "hi".getBytes(StandardCharsets.US_ASCII)));
        byte[] eof = MessageCodec.encode(new Message.Eof(ch.id()));
        byte[] merged = Arrays.copyOf(hi, hi.length + eof.length);
        System.arraycopy(eof, 0, merged, hi.length, eof.length);
        peer.send(merged);
        assertThat(ch.inputStream().readAllBytes()).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  @Test
  void aMessageLargerThanOneSegmentStillLeavesAsOneFrame() throws Exception {
    try (RawWsServer raw = RawWsServer.launch()) {
      URI uri = URI.create("qmux+ws://127.0.0.1:" + raw.getPort() + "/q");
      try (Session client = Transports.connect(uri, Options.defaults())) {
        raw.handshake.get(10, TimeUnit.SECONDS);
        WebSocket peer = raw.socket.get();
        CompletableFuture<Channel> opened = openAsync(client);
        Message.Open open = (Message.Open) onlyMessage(raw.nextFrame());
        peer.send(MessageCodec.encode(new Message.OpenConfirm(open.senderId(), 7, 1 << 20, 200_000)));
        Channel ch = opened.get(10, TimeUnit.SECONDS);

        byte[] big = new byte[150_000]; // one DATA message, spread over three of the writer's segments
        new java.util.Random(5).nextBytes(big);
        ch.write(java.nio.ByteBuffer.wrap(big));
        ch.write(java.nio.ByteBuffer.wrap("tail".getBytes(StandardCharsets.US_ASCII)));
        ch.closeWrite();
        Message.Data first = (Message.Data) onlyMessage(raw.nextFrame());
        assertThat(first.recipientId()).isEqualTo(7);
        assertThat(Arrays.copyOfRange(first.payload(), first.offset(), first.offset() + first.length())).isEqualTo(big);
        Message.Data tail = (Message.Data) onlyMessage(raw.nextFrame());
        assertThat(new String(tail.payload(), tail.offset(), tail.length(), StandardCharsets.US_ASCII)).isEqualTo("tail");
        assertThat(onlyMessage(raw.nextFrame())).isEqualTo(new Message.Eof(7));
      }
    }
  }

  /** A quiet link reads into 1 KiB; frames streaming in are read 64 KiB at a time, then it goes back. */
  @Test
  void aQuietLinkHoldsNoLargeReadBuffer() throws Exception {
    try (RawWsServer raw = RawWsServer.launch()) {
      URI uri = URI.create("ws://127.0.0.1:" + raw.getPort() + "/");
      WsConnection c = WsDialer.dial("qmux+ws", uri, new InetSocketAddress(InetAddress.getLoopbackAddress(), raw.getPort()),
          new WsDraft(List.of(new Protocol("")), 1 << 20), "http://127.0.0.1", Options.defaults());
      try {
        org.java_websocket.WebSocket peer = raw.socket.get(10, TimeUnit.SECONDS);
        assertThat(c.link().holdsLargeReadBuffer()).as("after the handshake").isFalse();

        byte[] big = new byte[512 * 1024];
        new java.util.Random(7).nextBytes(big);
        long takes = BufferPool.LARGE_PAYLOADS.takes();
        // Three frames, 1.5 MiB, left unread: the reader stops in the middle of the stream, at
        // WsConnection.RECEIVE_LIMIT, and there it must be reading into the large array.
        for (int i = 0; i < 3; i++) {
          peer.send(big);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.link().holdsLargeReadBuffer() || c.unreadBytes() < WsConnection.RECEIVE_LIMIT / 2) {
          assertThat(System.nanoTime()).as("frames streaming in are read into the large array").isLessThan(deadline);
          java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        for (int i = 0; i < 3; i++) {
          assertThat(c.input().readNBytes(big.length)).isEqualTo(big);
        }
        assertThat(BufferPool.LARGE_PAYLOADS.takes()).as("a large frame is read 64 KiB at a time").isGreaterThan(takes);

        peer.send(new byte[] {1, 2, 3}); // a small frame, as a ping or credit: the read brings less than 1 KiB
        assertThat(c.input().readNBytes(3)).containsExactly(1, 2, 3);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.link().holdsLargeReadBuffer()) { // the reader decides after the frame is handed over
          assertThat(System.nanoTime()).as("the reader gave its large buffer back").isLessThan(deadline);
          java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
      } finally {
        c.close();
      }
    }
  }

  @Test
  void aTextFrameEndsTheSessionWithAProtocolError() throws Exception {
    try (RawWsServer raw = RawWsServer.launch()) {
      Session client = Transports.connect(URI.create("qmux+ws://127.0.0.1:" + raw.getPort()), Options.defaults());
      raw.socket.get(10, TimeUnit.SECONDS).send("not qmux");
      client.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(client.closeCause()).get().isInstanceOf(ProtocolException.class);
      assertThat(client.closeCause().get()).hasMessageContaining("text frame");
    }
  }

  @Test
  void aFrameLargerThanTheLimitEndsTheSession() throws Exception {
    try (RawWsServer raw = RawWsServer.launch()) {
      Options small = Options.of(StandardOptions.MAX_PACKET_SIZE, 1024);
      Session client = Transports.connect(URI.create("qmux+ws://127.0.0.1:" + raw.getPort()), small);
      raw.socket.get(10, TimeUnit.SECONDS).send(new byte[1024 + 64 * 1024 + 1]);
      client.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(client.isOpen()).isFalse();
      assertThat(client.closeCause()).isPresent();
    }
  }

  @Test
  void writesWaitOnAPeerThatStopsReadingAndCloseReleasesThem() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Socket> stalled = CompletableFuture.supplyAsync(() -> handshakeThenStopReading(server));
      URI uri = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/");
      WsConnection c = WsDialer.dial("qmux+ws", uri, new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
          new WsDraft(List.of(new Protocol("")), 1 << 20), "http://127.0.0.1", Options.defaults());
      Socket peer = stalled.get(10, TimeUnit.SECONDS);
      try {
        int messages = 4096; // 256 MiB: far more than any socket buffer holds
        byte[] message = new byte[64 * 1024];
        AtomicInteger written = new AtomicInteger();
        CompletableFuture<Throwable> writer = new CompletableFuture<>();
        Thread writing = Thread.ofVirtual().start(() -> {
          try {
            for (int i = 0; i < messages; i++) {
              c.write(message);
              written.incrementAndGet();
            }
            writer.complete(null);
          } catch (Throwable t) {
            writer.complete(t);
          }
        });
        // the writer ends up parked in the socket write: nothing queues up behind a peer that does not read
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int seen = -1;
        while (true) {
          assertThat(writer).as("the writer blocks").isNotDone();
          assertThat(System.nanoTime()).as("the writer stopped on a full socket").isLessThan(deadline);
          int now = written.get();
          if (now == seen && writing.getState() == Thread.State.WAITING) {
            break;
          }
          seen = now;
          Thread.sleep(100);
        }
        assertThat(written.get()).isLessThan(messages);
        c.close(); // the close frame cannot go out either: the socket is closed after the grace
        assertThat(writer.get(WsLink.CLOSE_GRACE_MILLIS + 10_000, TimeUnit.MILLISECONDS)).isInstanceOf(IOException.class);
      } finally {
        peer.close();
      }
    }
  }

  @Test
  void anEngineThatThrowsEndsTheStreamWithItsError() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Socket> peer = CompletableFuture.supplyAsync(() -> handshakeThenStopReading(server));
      URI uri = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/");
      Draft_6455 failing =
          new Draft_6455() {
            @Override
            public List<Framedata> translateFrame(java.nio.ByteBuffer buffer) {
              throw new IllegalStateException("a bug in the engine");
            }

            @Override
            public Draft copyInstance() {
              return this;
            }
          };
      WsConnection c = WsDialer.dial("qmux+ws", uri, new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
          failing, "http://127.0.0.1", Options.defaults());
      try (Socket s = peer.get(10, TimeUnit.SECONDS)) {
        s.getOutputStream().write(new byte[] {(byte) 0x82, 1, 42}); // one binary frame of one byte
        CompletableFuture<Throwable> read = CompletableFuture.supplyAsync(() -> {
          try {
            c.input().read();
            return null;
          } catch (IOException e) {
            return e;
          }
        });
        assertThat(read.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class).hasMessageContaining("a bug in the engine");
      } finally {
        c.close();
      }
    }
  }

  @Test
  void closingASessionReleasesBlockedReadsOnBothSides() throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+ws://127.0.0.1:0"), Options.defaults())) {
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      Session client = Transports.connect(listener.uri(), Options.defaults());
      Session server = accepted.get(10, TimeUnit.SECONDS);
      Exchange.verifyCloseReleases(client, server);
    }
  }

  @Test
  void closingTheListenerKeepsAcceptedSessionsAndRefusesNewConnections() throws Exception {
    SessionListener listener = Transports.listen(URI.create("qmux+ws://127.0.0.1:0"), Options.defaults());
    CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
    try (Session client = Transports.connect(listener.uri(), Options.defaults());
        Session server = accepted.get(10, TimeUnit.SECONDS)) {
      listener.close();
      Exchange.verify(client, server, 256 * 1024);
      Options quick = Options.of(StandardOptions.CONNECT_TIMEOUT, Duration.ofSeconds(2));
      assertThatThrownBy(() -> Transports.connect(listener.uri(), quick)).isInstanceOf(ConnectException.class);
      assertThat(server.isOpen()).isTrue();
    }
  }

  @Test
  void noWebSocketThreadOutlivesItsSessionsAndListener() throws Exception {
    Set<Thread> before = webSocketThreads();
    SessionListener listener = Transports.listen(URI.create("qmux+ws://127.0.0.1:0"), Options.defaults());
    CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
    Session client = Transports.connect(listener.uri(), Options.defaults());
    Session server = accepted.get(10, TimeUnit.SECONDS);
    Exchange.verify(client, server, 64 * 1024);
    assertThat(linkThreads()).as("each end's reader and writer, on virtual threads").hasSizeGreaterThanOrEqualTo(4);
    Set<Thread> platform = webSocketThreads();
    platform.removeAll(before);
    assertThat(platform).as("platform threads for a WebSocket session").isEmpty();
    client.close();
    server.closeFuture().get(10, TimeUnit.SECONDS);
    listener.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> left = linkThreads();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = linkThreads();
    }
    assertThat(left).as("WebSocket link threads still alive").isEmpty();
  }

  /** The live threads, virtual ones included, that a qmux+ws link or listener runs on. */
  private static List<String> linkThreads() throws IOException {
    Path file = Files.createTempFile("qtalk-ws-threads", ".json");
    Files.delete(file);
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      List<String> names = new ArrayList<>();
      Matcher m = Pattern.compile("\"name\": \"(qmux\\+ws[^\"]*)\"").matcher(Files.readString(file));
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void aServerThatNeverAnswersTheHandshakeTimesOutWithoutLeavingThreads() throws Exception {
    Set<Thread> before = webSocketThreads();
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Options quick = Options.of(StandardOptions.CONNECT_TIMEOUT, Duration.ofMillis(500));
      URI uri = URI.create("qmux+ws://127.0.0.1:" + silent.getLocalPort());
      assertThatThrownBy(() -> Transports.connect(uri, quick))
          .isInstanceOf(ConnectException.class)
          .hasMessageContaining("no handshake within 500 ms");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Set<Thread> left = webSocketThreads();
    left.removeAll(before);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = webSocketThreads();
      left.removeAll(before);
    }
    assertThat(left).as("Java-WebSocket threads still alive").isEmpty();
  }

  private static Set<Thread> webSocketThreads() {
    Set<Thread> s = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && (t.getName().contains("WebSocket") || t.getName().contains("connectionLost"))) {
        s.add(t);
      }
    }
    return s;
  }

  @Test
  void aPeerFloodingBeforeItsSessionIsAcceptedHoldsUpNobodyElse() throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+ws://127.0.0.1:0"), Options.defaults())) {
      URI ws = URI.create("ws://127.0.0.1:" + listener.uri().getPort() + "/");
      org.java_websocket.client.WebSocketClient flooder =
          new org.java_websocket.client.WebSocketClient(ws) {
            @Override
            public void onOpen(org.java_websocket.handshake.ServerHandshake h) {}

            @Override
            public void onMessage(String m) {}

            @Override
            public void onClose(int code, String reason, boolean remote) {}

            @Override
            public void onError(Exception e) {}
          };
      assertThat(flooder.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      byte[] junk = new byte[64 * 1024];
      for (int i = 0; i < 160; i++) { // 10 MiB, while nobody accepts: its reader stops at 1 MiB
        flooder.send(junk);
      }
      awaitPendingInputFull(listener, junk.length);
      // a well-behaved client still connects and works meanwhile
      Options quick = Options.of(StandardOptions.CONNECT_TIMEOUT, Duration.ofSeconds(5));
      try (Session client = Transports.connect(listener.uri(), quick)) {
        Session first = listener.accept(); // the flooder's, queued first: its junk ends it
        first.closeFuture().get(10, TimeUnit.SECONDS);
        assertThat(first.closeCause()).get().isInstanceOf(ProtocolException.class);
        try (Session server = listener.accept()) {
          Exchange.verify(client, server, 64 * 1024);
        }
      } finally {
        flooder.closeConnection(1000, "done");
      }
    }
  }

  /** Waits until the listener holds as much of a queued session's input as it ever will. */
  private static void awaitPendingInputFull(SessionListener listener, int frame) throws InterruptedException {
    WsAcceptor acceptor = (WsAcceptor) ((QmuxListener) listener).acceptor();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (acceptor.bytesHeldForPending() + frame <= WsConnection.RECEIVE_LIMIT) {
      assertThat(System.nanoTime()).as("the flooder's frames never filled its read buffer").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void closingTheListenerReleasesABlockedAccept() throws Exception {
    SessionListener listener = Transports.listen(URI.create("qmux+ws://127.0.0.1:0"), Options.defaults());
    Blocking accept = Blocking.start(listener::accept).awaitBlocked();
    listener.close();
    assertThat(accept.get()).isInstanceOf(IOException.class);
  }

  @Test
  void wssWithATrustedCertificateCarriesDataAndSendsAnHttpsOrigin() throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+wss://127.0.0.1:0/x"), TestCerts.server(cert))) {
      assertThat(listener.uri().getScheme()).isEqualTo("qmux+wss");
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      try (Session client = Transports.connect(listener.uri(), TestCerts.trusting(cert));
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 1024 * 1024);
      }
    }
  }

  @Test
  void wssRefusesAnUntrustedCertificateUnlessInsecure() throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+wss://127.0.0.1:0"), TestCerts.server(cert))) {
      assertThatThrownBy(() -> Transports.connect(listener.uri(), Options.defaults()))
          .isInstanceOf(ConnectException.class);
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      try (Session client = Transports.connect(listener.uri(), TestCerts.insecure());
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 1024);
      }
    }
  }

  @Test
  void wssChecksTheHostName() throws Exception {
    X509Bundle named = TestCerts.localhostOnly();
    try (SessionListener listener = Transports.listen(URI.create("qmux+wss://127.0.0.1:0"), TestCerts.server(named))) {
      // trusted, but it names localhost, not 127.0.0.1
      assertThatThrownBy(() -> Transports.connect(listener.uri(), TestCerts.trusting(named)))
          .isInstanceOf(ConnectException.class);
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      URI byName = URI.create("qmux+wss://localhost:" + listener.uri().getPort());
      try (Session client = Transports.connect(byName, TestCerts.trusting(named));
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 1024);
      }
    }
  }

  /** Decodes a frame that must hold exactly one whole qmux message. */
  /** Opens a channel on another thread, for a test that answers the OPEN by hand. */
  private static CompletableFuture<Channel> openAsync(Session client) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return client.open(Duration.ofSeconds(10));
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
  }

  private static Message onlyMessage(byte[] frame) throws IOException {
    assertThat(frame).as("a binary frame").isNotEmpty();
    InputStream in = new ByteArrayInputStream(frame);
    Message m = MessageCodec.decode(in, (id, len) -> {});
    assertThat(in.available()).as("bytes after the one message in the frame").isZero();
    return m;
  }

  /** Answers one WebSocket handshake by hand, then never reads again. */
  private static Socket handshakeThenStopReading(ServerSocket server) {
    try {
      Socket s = server.accept();
      InputStream in = s.getInputStream();
      List<String> lines = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      while (true) {
        int c = in.read();
        if (c < 0) {
          throw new IOException("client went away during the handshake");
        }
        if (c == '\n') {
          String l = line.toString().strip();
          if (l.isEmpty()) {
            break;
          }
          lines.add(l);
          line.setLength(0);
        } else {
          line.append((char) c);
        }
      }
      String key =
          lines.stream()
              .filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
              .map(l -> l.substring(l.indexOf(':') + 1).strip())
              .findFirst()
              .orElseThrow();
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
      OutputStream out = s.getOutputStream();
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return s;
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
