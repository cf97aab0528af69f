package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import dev.qtalk.qmux.QmuxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A channel's window grows while the window, not the reader, holds the peer back (a long link),
 * up to {@code qmux.maxWindow}; it stays as it is for a reader slower than the link, and with
 * growth turned off. The link is two in-memory pipes whose bytes arrive 10 ms after they were
 * written, each way: a 20 ms round trip, over which a 2 MiB window allows about 100 MB/s.
 */
@Timeout(120)
class WindowGrowthTest {
  private static final int WINDOW = 2 << 20;

  @Test
  void aChannelReadAsFastAsItArrivesGrowsItsWindowUpToTheLimit() throws Exception {
    long max = 8L << 20;
    Channel received = transfer(Options.of(QmuxOptions.MAX_WINDOW, max), 48L << 20, Duration.ZERO);
    long window = ((QmuxChannel) received).grantedWindow();
    assertThat(window).as("the window grew").isGreaterThan(WINDOW);
    assertThat(window).as("never past qmux.maxWindow").isLessThanOrEqualTo(max);
  }

  @Test
  void aReaderSlowerThanTheLinkKeepsTheWindowItHad() throws Exception {
    Channel received = transfer(Options.defaults(), 8L << 20, Duration.ofMillis(4));
    assertThat(((QmuxChannel) received).grantedWindow()).isEqualTo(WINDOW);
  }

  @Test
  void growthIsOffWhenTheLimitIsTheWindowSize() throws Exception {
    Channel received = transfer(Options.of(QmuxOptions.MAX_WINDOW, (long) WINDOW), 24L << 20, Duration.ZERO);
    assertThat(((QmuxChannel) received).grantedWindow()).isEqualTo(WINDOW);
  }

  /**
   * Sends {@code bytes} over one channel of a delayed pair; the receiver reads 64 KiB at a time,
   * pausing {@code pause} after each read. Returns the receiving channel, all read.
   */
  private static Channel transfer(Options receiverOptions, long bytes, Duration pause) throws Exception {
    Connection[] pipe = MemoryPipe.connectionPair("grow", 1 << 22);
    QmuxSession sender = QmuxSession.start(new Delayed(pipe[0]), Options.defaults());
    QmuxSession receiver = QmuxSession.start(new Delayed(pipe[1]),
        receiverOptions.toBuilder().set(StandardOptions.WINDOW_SIZE, WINDOW).build());
    try {
      Channel out = sender.open(Duration.ofSeconds(10));
      Channel in = receiver.accept(Duration.ofSeconds(10));
      CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long total = 0;
        try {
          for (int n; (n = in.read(buf.clear())) >= 0; ) {
            total += n;
            if (!pause.isZero()) {
              Thread.sleep(pause); // pacing the reader, not waiting for a condition
            }
          }
        } catch (IOException | InterruptedException e) {
          throw new RuntimeException(e);
        }
        return total;
      }, r -> Thread.ofVirtual().start(r));
      ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
      for (long sent = 0; sent < bytes; sent += chunk.capacity()) {
        out.write(chunk.clear());
      }
      out.closeWrite();
      assertThat(read.get(100, TimeUnit.SECONDS)).isEqualTo(bytes);
      return in;
    } finally {
      sender.close();
      receiver.close();
    }
  }

  /** A connection whose incoming bytes are handed on 10 ms after they arrived. */
  private static final class Delayed extends ForwardingConnection {
    private static final long DELAY = TimeUnit.MILLISECONDS.toNanos(10);
    private record Piece(byte[] bytes, long due) {}

    private final LinkedBlockingQueue<Piece> line = new LinkedBlockingQueue<>();
    private final InputStream delayed = new InputStream() {
      private Piece current;
      private int at;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          if (current == null || at == current.bytes.length) {
            current = line.take();
            at = 0;
            long wait = current.due - System.nanoTime();
            if (wait > 0) {
              TimeUnit.NANOSECONDS.sleep(wait);
            }
          }
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
        if (current.bytes.length == 0) {
          return -1;
        }
        int n = Math.min(len, current.bytes.length - at);
        System.arraycopy(current.bytes, at, b, off, n);
        at += n;
        return n;
      }
    };

    Delayed(Connection c) {
      super(c);
      Thread.ofVirtual().start(() -> {
        byte[] buf = new byte[256 * 1024];
        try {
          for (int n; (n = c.input().read(buf)) >= 0; ) {
            line.add(new Piece(java.util.Arrays.copyOf(buf, n), System.nanoTime() + DELAY));
          }
        } catch (IOException e) {
          // the pipe closed: end of stream below
        }
        line.add(new Piece(new byte[0], System.nanoTime() + DELAY));
      });
    }

    @Override
    public InputStream input() {
      return delayed;
    }
  }
}
