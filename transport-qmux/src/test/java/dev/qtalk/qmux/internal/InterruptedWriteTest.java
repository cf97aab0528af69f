package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A write interrupted inside the connection's write may leave part of a message on the wire; the
 * session must then end rather than carry on with a stream the peer can no longer parse (found by
 * the TCK's rule CC-3 on mem).
 */
@Timeout(30)
class InterruptedWriteTest {

  @Test
  void interruptMidMessageEndsTheSession() throws Exception {
    Connection[] pipe = MemoryPipe.connectionPair("interrupted-write", 64);
    QmuxSession session = QmuxSession.start(pipe[0], Options.defaults());
    try {
      // the raw peer opens a channel with a large window, then never reads what the session writes
      pipe[1].write(MessageCodec.encode(new Message.Open(7, 1 << 20, 1 << 16)));
      Channel ch = session.accept(Duration.ofSeconds(5));
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      Thread writer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      ch.write(ByteBuffer.allocate(4096)); // blocks: the 64-byte pipe is full
                      thrown.complete(null);
                    } catch (Throwable t) {
                      thrown.complete(t);
                    }
                  });
      Thread.sleep(300);
      assertThat(thrown).as("the write blocks on the full pipe").isNotDone();
      writer.interrupt();
      assertThat(thrown.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
      session.closeFuture().get(5, TimeUnit.SECONDS);
      assertThat(session.isOpen()).as("a session whose stream holds a torn message").isFalse();
    } finally {
      session.close();
      pipe[1].close();
    }
  }
}
