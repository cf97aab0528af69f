package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dead peers are found with a ping every reference peer answers, and idle sessions end. */
@Timeout(60)
class KeepaliveTest {
  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofMillis(600);
  private static final Options KEEPALIVE =
      Options.builder()
          .set(StandardOptions.KEEPALIVE_INTERVAL, INTERVAL)
          .set(StandardOptions.KEEPALIVE_TIMEOUT, TIMEOUT)
          .build();

  @Test
  void thePingIsAnOpenWithMaxPacketZeroAndAnUnansweredOneEndsTheSession() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(KEEPALIVE)) {
      peer.expect("64 ffffffff 00000000 00000000");
      peer.send("66 ffffffff"); // answered: the session lives and pings again later
      peer.expect("64 ffffffff 00000000 00000000");
      CompletableFuture<Throwable> accept = failure(() -> peer.session.accept());
      // not answered this time
      peer.session.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(peer.session.keepaliveAnswers()).isEqualTo(1);
      assertThat(peer.session.closeCause()).get().extracting(Throwable::getMessage).asString()
          .contains("keepalive");
      assertThat(accept.get(5, TimeUnit.SECONDS)).isInstanceOf(SessionClosedException.class);
    }
  }

  @Test
  void aPeerThatStopsAnsweringBehindAProxyIsFoundWithinIntervalPlusTimeout() throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"), Options.defaults());
        StallingProxy proxy = new StallingProxy(listener.uri().getPort())) {
      Session client = Transports.connect(URI.create("qmux+tcp://127.0.0.1:" + proxy.port()), KEEPALIVE);
      Session server = listener.accept();
      try {
        Channel ch = client.open(Duration.ofSeconds(10));
        Channel theirs = server.accept(Duration.ofSeconds(10));
        awaitAnswers((QmuxSession) client, 2);

        proxy.stall();
        long stalledAt = System.nanoTime();
        // blocked calls of every kind: accept, read, a write that runs out of window, closeFuture
        CompletableFuture<Throwable> accept = failure(() -> client.accept());
        CompletableFuture<Throwable> read = failure(() -> ch.read(ByteBuffer.allocate(10)));
        CompletableFuture<Throwable> write = failure(() -> ch.write(ByteBuffer.allocate(8 * 1024 * 1024)));
        client.closeFuture().get(20, TimeUnit.SECONDS);
        Duration detected = Duration.ofNanos(System.nanoTime() - stalledAt);
        System.out.printf("keepalive: interval %d ms, timeout %d ms: dead peer found after %d ms%n",
            INTERVAL.toMillis(), TIMEOUT.toMillis(), detected.toMillis());
        assertThat(detected).as("no earlier than the timeout allows").isGreaterThanOrEqualTo(TIMEOUT);
        assertThat(detected).as("within interval + timeout, with room for a busy machine")
            .isLessThan(INTERVAL.plus(TIMEOUT).plus(Duration.ofSeconds(5)));
        for (CompletableFuture<Throwable> call : List.of(accept, read, write)) {
          assertThat(call.get(5, TimeUnit.SECONDS)).isInstanceOf(SessionClosedException.class);
        }
        assertThat(client.closeCause()).get().extracting(Throwable::getMessage).asString().contains("keepalive");
        assertThat(theirs).isNotNull();
      } finally {
        client.close();
        server.close();
      }
    }
  }

  @Test
  void anIdleSessionEndsAfterTheIdleTimeoutAndTrafficKeepsItAlive() throws Exception {
    Options idle = Options.of(StandardOptions.IDLE_TIMEOUT, Duration.ofMillis(500));
    Connection[] pipe = MemoryPipe.connectionPair("idle", 1 << 16);
    QmuxSession a = QmuxSession.start(pipe[0], idle);
    QmuxSession b = QmuxSession.start(pipe[1], Options.defaults());
    try {
      Channel ch = a.open(Duration.ofSeconds(5));
      Channel theirs = b.accept(Duration.ofSeconds(5));
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
      ByteBuffer one = ByteBuffer.allocate(1);
      while (System.nanoTime() < until) { // traffic for three idle timeouts: the session lives
        ch.write(ByteBuffer.allocate(1));
        one.clear();
        theirs.read(one);
        Thread.sleep(50);
      }
      assertThat(a.isOpen()).as("a session with traffic is not idle").isTrue();
      CompletableFuture<Throwable> read = failure(() -> ch.read(ByteBuffer.allocate(1)));
      a.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(a.closeCause()).as("an idle end is orderly").isEmpty();
      assertThat(read.get(5, TimeUnit.SECONDS)).isInstanceOf(SessionClosedException.class);
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void tcpConnectionsSetSoKeepalive() throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"), Options.defaults());
        SocketChannel raw = SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", listener.uri().getPort()))) {
      new SocketChannelConnection(raw);
      assertThat(raw.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
    }
  }

  private static void awaitAnswers(QmuxSession s, long n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (s.keepaliveAnswers() < n) {
      assertThat(System.nanoTime()).as("the peer answers pings").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  interface Call {
    Object run() throws IOException;
  }

  /** Runs a blocking call on its own thread; completes with what it threw (null if it returned). */
  static CompletableFuture<Throwable> failure(Call call) {
    CompletableFuture<Throwable> f = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        call.run();
        f.complete(null);
      } catch (Throwable t) {
        f.complete(t);
      }
    });
    return f;
  }
}
