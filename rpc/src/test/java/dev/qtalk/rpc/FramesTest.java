package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.rpc.internal.Frames;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Frames read straight from a channel: exact, bounded, and with nothing read ahead. */
@Timeout(30)
class FramesTest {

  @Test
  void readsExactlyOneFrameAndLeavesWhatFollows() throws Exception {
    try (MemPair p = MemPair.open()) {
      Channel a = p.client().open(Duration.ofSeconds(5));
      Channel b = p.server().accept(Duration.ofSeconds(5));
      a.write(ByteBuffer.wrap(GoldenBytesTest.concat(Frames.encode(new byte[] {7, 8}), new byte[] {1, 2, 3})));
      a.closeWrite();
      assertThat(Frames.read(b, 16)).containsExactly(7, 8);
      assertThat(GoldenBytesTest.readAll(b)).containsExactly(1, 2, 3);
    }
  }

  @Test
  void oversizedLengthFailsBeforeReadingTheBody() throws Exception {
    try (MemPair p = MemPair.open()) {
      Channel a = p.client().open(Duration.ofSeconds(5));
      Channel b = p.server().accept(Duration.ofSeconds(5));
      // claims 4 GiB - 1: must fail on the prefix alone, with nothing allocated or read after it
      a.write(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 42}));
      assertThatThrownBy(() -> Frames.read(b, 1024))
          .isInstanceOf(FrameTooLargeException.class)
          .hasMessage("frame of 4294967295 bytes exceeds the limit of 1024 bytes (maxFrameSize)");
      assertThat(GoldenBytesTest.readN(b, 1)).containsExactly(42);
    }
  }

  @Test
  void endInsideAFrameIsAnErrorAndCleanEndIsNull() throws Exception {
    try (MemPair p = MemPair.open()) {
      Channel a = p.client().open(Duration.ofSeconds(5));
      Channel b = p.server().accept(Duration.ofSeconds(5));
      a.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 5, 1, 2}));
      a.closeWrite();
      assertThatThrownBy(() -> Frames.read(b, 1024))
          .isInstanceOf(EOFException.class)
          .hasMessageContaining("read 2 of 5 body bytes");
      Channel c = p.client().open(Duration.ofSeconds(5));
      Channel d = p.server().accept(Duration.ofSeconds(5));
      c.closeWrite();
      assertThat(Frames.read(d, 1024)).isNull();
    }
  }

  @Test
  void aClaimedLengthIsNotAllocatedBeforeItsBytesArrive() throws Exception {
    try (MemPair p = MemPair.open()) {
      Channel a = p.client().open(Duration.ofSeconds(5));
      Channel b = p.server().accept(Duration.ofSeconds(5));
      // claims 16 MiB, sends 10 bytes of it, then ends
      a.write(ByteBuffer.wrap(GoldenBytesTest.concat(new byte[] {1, 0, 0, 0}, new byte[10])));
      a.closeWrite();
      var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
      long before = threads.getCurrentThreadAllocatedBytes();
      assertThatThrownBy(() -> Frames.read(b, 32 * 1024 * 1024))
          .isInstanceOf(EOFException.class)
          .hasMessageContaining("read 10 of 16777216 body bytes");
      assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(4 * 1024 * 1024);
    }
  }

  @Test
  void aFrameLargerThanTheFirstBufferArrivesWhole() throws Exception {
    try (MemPair p = MemPair.open()) {
      Channel a = p.client().open(Duration.ofSeconds(5));
      Channel b = p.server().accept(Duration.ofSeconds(5));
      byte[] body = new byte[1024 * 1024 + 3];
      new java.util.Random(7).nextBytes(body);
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          Frames.write(a, body);
          a.closeWrite();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      assertThat(Frames.read(b, 2 * 1024 * 1024)).isEqualTo(body);
      assertThat(Frames.read(b, 2 * 1024 * 1024)).isNull();
      writer.join();
    }
  }
}
