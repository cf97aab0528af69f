package dev.qtalk.quic;

import static dev.qtalk.quic.QuicTestSupport.crc;
import static dev.qtalk.quic.QuicTestSupport.drain;
import static dev.qtalk.quic.QuicTestSupport.pattern;
import static dev.qtalk.quic.QuicTestSupport.readN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import dev.qtalk.ChannelResetException;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.SessionClosedException;
import dev.qtalk.StandardOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class QuicTransportTest {

  @Test
  void bothSidesOpenAndAccept() throws Exception {
    try (var p = QuicTestSupport.pair(Options.defaults())) {
      Channel c = p.client().open(Duration.ofSeconds(5));
      Channel s = p.server().accept(Duration.ofSeconds(5));
      c.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
      assertThat(new String(readN(s, 4), StandardCharsets.US_ASCII)).isEqualTo("ping");
      s.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
      assertThat(new String(readN(c, 4), StandardCharsets.US_ASCII)).isEqualTo("pong");

      Channel s2 = p.server().open(Duration.ofSeconds(5));
      Channel c2 = p.client().accept(Duration.ofSeconds(5));
      s2.write(ByteBuffer.wrap(new byte[] {7}));
      assertThat(readN(c2, 1)).containsExactly(7);
      assertThat(s2.id()).isNotEqualTo(s.id());
    }
  }

  /** Native epoll where Netty's library loads, unless {@code dev.qtalk.quic.nio} asks for NIO. */
  @Test
  void eventLoopsUseTheExpectedIo() throws Exception {
    boolean nio = Boolean.getBoolean("dev.qtalk.quic.nio") || !io.netty.channel.epoll.Epoll.isAvailable();
    try (var p = QuicTestSupport.pair(Options.defaults())) {
      p.client().open(Duration.ofSeconds(5));
      p.server().accept(Duration.ofSeconds(5));
      var loops = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
          .filter(n -> n.startsWith("qtalk-quic-")).toList();
      assertThat(loops).isNotEmpty().allMatch(n -> n.startsWith(nio ? "qtalk-quic-nio-" : "qtalk-quic-epoll-"));
    }
  }

  @Test
  void acceptTimesOutAndStaysUsable() throws Exception {
    try (var p = QuicTestSupport.pair(Options.defaults())) {
      assertThatThrownBy(() -> p.server().accept(Duration.ofMillis(100)))
          .isInstanceOf(DeadlineExceededException.class);
      p.client().open();
      assertThat(p.server().accept(Duration.ofSeconds(5))).isNotNull();
    }
  }

  @Test
  void bulkTransferArrivesIntactThenEndOfStream() throws Exception {
    byte[] data = pattern(16 * 1024 * 1024 + 17, 1);
    try (var p = QuicTestSupport.pair(Options.defaults())) {
      Channel c = p.client().open();
      Channel s = p.server().accept(Duration.ofSeconds(5));
      CompletableFuture<long[]> got = CompletableFuture.supplyAsync(() -> {
        try {
          return drain(s, 7777);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, QuicTestSupport.VT);
      // Write in uneven pieces, then half-close at once: the FIN must follow every byte.
      for (int off = 0; off < data.length; ) {
        int n = Math.min(100_003, data.length - off);
        c.write(ByteBuffer.wrap(data, off, n));
        off += n;
      }
      c.closeWrite();
      assertThat(got.get(30, TimeUnit.SECONDS)).containsExactly(data.length, crc(data));
      // The other direction still works after the half-close.
      s.write(ByteBuffer.wrap(new byte[] {42}));
      s.closeWrite();
      assertThat(readN(c, 1)).containsExactly(42);
      assertThat(c.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      assertThatThrownBy(() -> c.write(ByteBuffer.wrap(new byte[1]))).isInstanceOf(ChannelClosedException.class);
    }
  }

  @Test
  void oneByteReadsAndWritesWithASmallWindow() throws Exception {
    byte[] data = pattern(3000, 2);
    try (var p = QuicTestSupport.pair(Options.of(StandardOptions.WINDOW_SIZE, 64))) {
      Channel c = p.client().open();
      Channel s = p.server().accept(Duration.ofSeconds(5));
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          for (byte b : data) {
            c.write(ByteBuffer.wrap(new byte[] {b}));
          }
          c.closeWrite();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, QuicTestSupport.VT);
      assertThat(drain(s, 1)).containsExactly(data.length, crc(data));
      writer.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aStalledReaderStopsTheWriterWithBoundedBuffering() throws Exception {
    int window = 256 * 1024;
    int writeBuffer = 128 * 1024;
    Options o = Options.builder()
        .set(StandardOptions.WINDOW_SIZE, window)
        .set(QuicOptions.WRITE_BUFFER, writeBuffer)
        .build();
    try (var p = QuicTestSupport.pair(o)) {
      Channel c = p.client().open();
      Channel s = p.server().accept(Duration.ofSeconds(5));
      AtomicLong sent = new AtomicLong();
      long total = 64L * 1024 * 1024;
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
          while (sent.get() < total) {
            c.write(chunk.clear());
            sent.addAndGet(chunk.capacity());
          }
          c.closeWrite();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, QuicTestSupport.VT);
      // Nobody reads: the writer must stall well short of the total.
      long before;
      do {
        before = sent.get();
        Thread.sleep(300);
      } while (sent.get() != before);
      assertThat(writer).isNotDone();
      // Stream window at the receiver (QUIC + our unread queue, up to a window each, plus one read
      // batch) and the sender's write buffer and QUIC send buffer bound what is in flight.
      assertThat(sent.get()).isLessThan(4L * window + 2L * writeBuffer + 256 * 1024);
      long[] got = drain(s, 64 * 1024);
      assertThat(got[0]).isEqualTo(total);
      writer.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void writeTimeoutWhileThePeerDoesNotRead() throws Exception {
    try (var p = QuicTestSupport.pair(Options.of(StandardOptions.WINDOW_SIZE, 64 * 1024))) {
      Channel c = p.client().open();
      p.server().accept(Duration.ofSeconds(5));
      c.writeTimeout(Duration.ofMillis(300));
      ByteBuffer big = ByteBuffer.allocate(8 * 1024 * 1024);
      assertThatThrownBy(() -> c.write(big)).isInstanceOf(DeadlineExceededException.class);
      assertThat(big.position()).isGreaterThan(0).isLessThan(big.capacity());
    }
  }

  @Test
  void readTimeoutLeavesTheChannelUsable() throws Exception {
    try (var p = QuicTestSupport.pair(Options.defaults())) {
      Channel c = p.client().open();
      Channel s = p.server().accept(Duration.ofSeconds(5));
      s.readTimeout(Duration.ofMillis(100));
      assertThatThrownBy(() -> s.read(ByteBuffer.allocate(1))).isInstanceOf(DeadlineExceededException.class);
      c.write(ByteBuffer.wrap(new byte[] {1}));
      assertThat(readN(s, 1)).containsExactly(1);
    }
  }

  @Test
  void abortResetsTheStreamForThePeer() throws Exception {
    try (var p = QuicTestSupport.pair(Options.defaults())) {
      Channel c = p.client().open();
      Channel s = p.server().accept(Duration.ofSeconds(5));
      c.write(ByteBuffer.wrap(new byte[] {1}));
      readN(s, 1);
      c.abort();
      assertThatThrownBy(() -> s.read(ByteBuffer.allocate(10)))
          .isInstanceOfSatisfying(ChannelResetException.class, e -> assertThat(e.code()).isEqualTo(42));
      assertThatThrownBy(() -> c.write(ByteBuffer.wrap(new byte[1]))).isInstanceOf(ChannelClosedException.class);
      // The session carries on.
      Channel c2 = p.client().open();
      Channel s2 = p.server().accept(Duration.ofSeconds(5));
      c2.write(ByteBuffer.wrap(new byte[] {2}));
      assertThat(readN(s2, 1)).containsExactly(2);
    }
  }

  @Test
  void closeEndsThePeersReadsAndWrites() throws Exception {
    try (var p = QuicTestSupport.pair(Options.defaults())) {
      Channel c = p.client().open();
      Channel s = p.server().accept(Duration.ofSeconds(5));
      c.write(ByteBuffer.wrap(new byte[] {9}));
      c.close();
      c.close(); // idempotent
      assertThat(readN(s, 1)).containsExactly(9);
      assertThat(s.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      // The peer stopped reading: writes fail soon (STOP_SENDING), never hang.
      assertThatThrownBy(() -> {
        for (int i = 0; i < 1000; i++) {
          s.write(ByteBuffer.allocate(1024));
          Thread.sleep(5);
        }
      }).isInstanceOf(ChannelClosedException.class);
      assertThatThrownBy(() -> c.read(ByteBuffer.allocate(1))).isInstanceOf(ChannelClosedException.class);
    }
  }

  @Test
  void sessionCloseReachesThePeerAndUnblocksEveryCall() throws Exception {
    try (var p = QuicTestSupport.pair(Options.defaults())) {
      Channel c = p.client().open();
      Channel s = p.server().accept(Duration.ofSeconds(5));
      CompletableFuture<Throwable> blockedRead = CompletableFuture.supplyAsync(() -> {
        try {
          s.read(ByteBuffer.allocate(1));
          return null;
        } catch (Exception e) {
          return e;
        }
      }, QuicTestSupport.VT);
      CompletableFuture<Throwable> blockedAccept = CompletableFuture.supplyAsync(() -> {
        try {
          p.server().accept();
          return null;
        } catch (Exception e) {
          return e;
        }
      }, QuicTestSupport.VT);
      Thread.sleep(100);
      p.client().close();
      assertThat(blockedRead.get(10, TimeUnit.SECONDS)).isInstanceOf(SessionClosedException.class);
      assertThat(blockedAccept.get(10, TimeUnit.SECONDS)).isInstanceOf(SessionClosedException.class);
      p.server().closeFuture().get(10, TimeUnit.SECONDS);
      p.client().closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(p.server().isOpen()).isFalse();
      assertThat(p.server().closeCause()).isEmpty(); // error 42: an orderly close
      assertThatThrownBy(() -> p.server().open()).isInstanceOf(SessionClosedException.class);
      assertThatThrownBy(() -> c.write(ByteBuffer.allocate(1))).isInstanceOf(SessionClosedException.class);
    }
  }

  @Test
  void idleTimeoutEndsASilentSession() throws Exception {
    try (var p = QuicTestSupport.pair(Options.of(StandardOptions.IDLE_TIMEOUT, Duration.ofMillis(500)))) {
      p.client().closeFuture().get(10, TimeUnit.SECONDS);
      p.server().closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(p.client().closeCause()).get().asString().contains("idle timeout");
    }
  }

  @Test
  void acceptBacklogRefusesExtraStreams() throws Exception {
    try (var p = QuicTestSupport.pair(Options.of(StandardOptions.ACCEPT_BACKLOG, 2))) {
      // Three streams, of which the backlog holds two: which one is refused depends on the order
      // they reach the server, so each says who it is and the two accepted ones answer.
      Channel[] opened = new Channel[3];
      for (int i = 0; i < 3; i++) {
        opened[i] = p.client().open();
        opened[i].write(ByteBuffer.wrap(new byte[] {(byte) i}));
      }
      // the third to arrive is reset at once; accepting before that would make room for it
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (java.util.Arrays.stream(opened).allMatch(Channel::isOpen) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      for (int k = 0; k < 2; k++) {
        Channel s = p.server().accept(Duration.ofSeconds(5));
        s.write(ByteBuffer.wrap(readN(s, 1)));
      }
      assertThatThrownBy(() -> p.server().accept(Duration.ofMillis(200))).isInstanceOf(DeadlineExceededException.class);
      int answered = 0;
      int reset = 0;
      for (int i = 0; i < 3; i++) {
        try {
          assertThat(readN(opened[i], 1)).containsExactly(i);
          answered++;
        } catch (ChannelResetException refused) {
          reset++;
        }
      }
      assertThat(answered).as("streams the backlog held and the server answered").isEqualTo(2);
      assertThat(reset).as("streams refused past the backlog").isEqualTo(1);
    }
  }

  @Test
  void manyChannelsAtOnce() throws Exception {
    try (var p = QuicTestSupport.pair(Options.defaults())) {
      int n = 50;
      CompletableFuture<?>[] echoes = new CompletableFuture<?>[n];
      for (int i = 0; i < n; i++) {
        echoes[i] = CompletableFuture.runAsync(() -> {
          try {
            Channel s = p.server().accept(Duration.ofSeconds(10));
            byte[] b = readN(s, 1000);
            s.write(ByteBuffer.wrap(b));
            s.close();
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }, QuicTestSupport.VT);
      }
      for (int i = 0; i < n; i++) {
        Channel c = p.client().open();
        byte[] msg = pattern(1000, i);
        c.write(ByteBuffer.wrap(msg));
        assertThat(readN(c, 1000)).isEqualTo(msg);
        c.close();
      }
      CompletableFuture.allOf(echoes).get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void closeAfterCloseWriteStillDeliversQueuedWrites() throws Exception {
    byte[] data = pattern(8 * 1024 * 1024, 3);
    try (var p = QuicTestSupport.pair(Options.of(StandardOptions.WINDOW_SIZE, 256 * 1024))) {
      Channel c = p.client().open();
      Channel s = p.server().accept(Duration.ofSeconds(5));
      CompletableFuture<long[]> got = CompletableFuture.supplyAsync(() -> {
        try {
          Thread.sleep(200); // let the writer run ahead into flow control first
          return drain(s, 4096);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, QuicTestSupport.VT);
      c.write(ByteBuffer.wrap(data));
      c.closeWrite();
      c.close(); // must not drop what is still queued behind the window
      assertThat(got.get(30, TimeUnit.SECONDS)).containsExactly(data.length, crc(data));
    }
  }

  @Test
  void aPeerThatClosesWithUnreadDataReleasesABlockedWrite() throws Exception {
    try (var p = QuicTestSupport.pair(Options.of(StandardOptions.WINDOW_SIZE, 64 * 1024))) {
      Channel c = p.client().open();
      Channel s = p.server().accept(Duration.ofSeconds(5));
      CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
        try {
          c.write(ByteBuffer.allocate(32 << 20));
          return null;
        } catch (Exception e) {
          return e;
        }
      }, QuicTestSupport.VT);
      Thread.sleep(300);
      assertThat(blocked).isNotDone();
      s.close();
      assertThat(blocked.get(10, TimeUnit.SECONDS)).isInstanceOf(ChannelClosedException.class);
      // Nothing else stalls.
      Channel c2 = p.client().open();
      Channel s2 = p.server().accept(Duration.ofSeconds(5));
      c2.write(ByteBuffer.wrap(new byte[] {5}));
      assertThat(readN(s2, 1)).containsExactly(5);
    }
  }

  @Test
  void aStreamNotAcceptedInTimeIsReset() throws Exception {
    try (var p = QuicTestSupport.pair(Options.of(StandardOptions.ACCEPT_TIMEOUT, Duration.ofMillis(300)))) {
      Channel c = p.client().open();
      c.readTimeout(Duration.ofSeconds(10));
      assertThatThrownBy(() -> c.read(ByteBuffer.allocate(1))).isInstanceOf(ChannelResetException.class);
      assertThatThrownBy(() -> p.server().accept(Duration.ofMillis(200))).isInstanceOf(DeadlineExceededException.class);
    }
  }
}
