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
    CompletableFuture<Boolean> second = offerAsync(in, 5);
    Thread.sleep(200);
    assertThat(second).isNotDone();
    assertThat(in.buffered()).isEqualTo(8);
    assertThat(in.read(new byte[4], 0, 4)).isEqualTo(4);
    assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(in.buffered()).isEqualTo(9);
  }

  @Test
  void aFrameLargerThanTheLimitEntersAnEmptyBuffer() throws Exception {
    FrameInputStream in = new FrameInputStream(10);
    assertThat(in.offer(ByteBuffer.wrap(new byte[50]))).isTrue();
    assertThat(offerAsync(in, 1)).isNotDone();
  }

  @Test
  void closeReleasesAWaitingWriterAndReader() throws Exception {
    FrameInputStream full = new FrameInputStream(1);
    full.offer(ByteBuffer.wrap(new byte[1]));
    CompletableFuture<Boolean> waiting = offerAsync(full, 1);
    Thread.sleep(100);
    full.close();
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();

    FrameInputStream empty = new FrameInputStream(1);
    CompletableFuture<Object> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return empty.read();
              } catch (IOException e) {
                return e;
              }
            });
    Thread.sleep(100);
    empty.close();
    assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
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
