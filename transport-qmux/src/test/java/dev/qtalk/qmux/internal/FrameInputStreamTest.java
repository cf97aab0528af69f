package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bounded frame buffer behind qmux over WebSocket. */
@Timeout(20)
class FrameInputStreamTest {

  @Test
  void framesReadAsOneStreamAcrossBoundaries() throws Exception {
    FrameInputStream in = new FrameInputStream(100);
    in.offer(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    in.offer(ByteBuffer.wrap(new byte[] {}));
    in.offer(ByteBuffer.wrap(new byte[] {4, 5}));
    in.finish();
    byte[] b = new byte[4];
    assertThat(in.read(b, 0, 4)).isEqualTo(4);
    assertThat(b).containsExactly(1, 2, 3, 4);
    assertThat(in.read()).isEqualTo(5);
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void offerWaitsWhileFullAndResumesAsTheReaderDrains() throws Exception {
    FrameInputStream in = new FrameInputStream(10);
    in.offer(ByteBuffer.wrap(new byte[8]));
    Blocking second = Blocking.start(() -> in.offer(ByteBuffer.wrap(new byte[5]))).awaitBlocked();
    assertThat(in.buffered()).isEqualTo(8);
    assertThat(in.read(new byte[4], 0, 4)).isEqualTo(4);
    assertThat(second.get()).isEqualTo(true);
    assertThat(in.buffered()).isEqualTo(9);
  }

  @Test
  void aFrameLargerThanTheLimitEntersAnEmptyBuffer() throws Exception {
    FrameInputStream in = new FrameInputStream(10);
    assertThat(in.offer(ByteBuffer.wrap(new byte[50]))).isTrue();
    Blocking.start(() -> in.offer(ByteBuffer.wrap(new byte[1]))).awaitBlocked(); // it waits: the buffer is over its limit
    in.close();
  }

  @Test
  void closeReleasesAWaitingWriterAndReader() throws Exception {
    FrameInputStream full = new FrameInputStream(1);
    full.offer(ByteBuffer.wrap(new byte[1]));
    Blocking waiting = Blocking.start(() -> full.offer(ByteBuffer.wrap(new byte[1]))).awaitBlocked();
    full.close();
    assertThat(waiting.get()).isEqualTo(false);

    FrameInputStream empty = new FrameInputStream(1);
    Blocking reader = Blocking.start(empty::read).awaitBlocked();
    empty.close();
    assertThat(reader.get()).isInstanceOf(IOException.class);
  }

  @Test
  void aFailureIsThrownAfterTheBufferedBytes() throws Exception {
    FrameInputStream in = new FrameInputStream(10);
    in.offer(ByteBuffer.wrap(new byte[] {9}));
    in.fail(new IOException("boom"));
    assertThat(in.read()).isEqualTo(9);
    assertThatThrownBy(in::read).hasMessage("boom");
  }

  private static CompletableFuture<Boolean> offerAsync(FrameInputStream in, int size) {
    CompletableFuture<Boolean> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                f.complete(in.offer(ByteBuffer.wrap(new byte[size])));
              } catch (Throwable t) {
                f.completeExceptionally(t);
              }
            });
    return f;
  }
}
