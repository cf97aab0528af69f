package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * A local close() is orderly: bytes that write() accepted and the EOF that closeWrite() queued
 * still reach the peer, though close() itself returns at once.
 */
@Timeout(60)
class CloseDrainTest {

  @RepeatedTest(10)
  void closeRightAfterWritesDeliversEveryByteAndTheEof() throws Exception {
    byte[] sent = new byte[1024 * 1024];
    new Random(11).nextBytes(sent);
    try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"))) {
      Session client = Transports.connect(listener.uri());
      Session server = listener.accept();
      Channel out = client.open(Duration.ofSeconds(10));
      Channel in = server.accept(Duration.ofSeconds(10)); // accepted: the whole window is granted
      for (int at = 0; at < sent.length; at += 64 * 1024) {
        ByteBuffer chunk = ByteBuffer.wrap(sent, at, 64 * 1024);
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
      }
      out.closeWrite();
      client.close(); // returns at once; what was queued still goes out

      ByteArrayOutputStream got = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
      int n;
      while ((n = in.read(buf.clear())) >= 0) {
        got.write(buf.array(), 0, n);
      }
      assertThat(got.toByteArray()).isEqualTo(sent);
      client.closeFuture().get(10, TimeUnit.SECONDS);
      server.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(client.closeCause()).isEmpty();
      assertThat(server.closeCause()).isEmpty();
      server.close();
    }
  }
}
