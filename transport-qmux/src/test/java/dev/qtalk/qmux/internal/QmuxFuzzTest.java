package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.ProtocolException;
import dev.qtalk.Session;
import dev.qtalk.StandardOptions;
import dev.qtalk.qmux.Qmux;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fuzz targets for what a qmux peer can send. Without {@code JAZZER_FUZZ} set, each replays its
 * seeds in {@code src/test/resources/.../QmuxFuzzTestInputs/} as an ordinary test; see
 * docs/fuzzing.md for a fuzzing run.
 */
class QmuxFuzzTest {
  /** A DATA payload bound for the decoder target, as a session's max packet would be. */
  private static final long MAX_PAYLOAD = 64 * 1024;

  /**
   * The message decoder: any bytes either decode to messages that encode back to exactly the
   * bytes read, or fail with an {@link IOException} (a {@link ProtocolException} or a cut-short
   * message); nothing else escapes, and nothing is allocated for a refused length.
   */
  @FuzzTest(maxDuration = "5m")
  void decoder(byte[] input) {
    ByteArrayInputStream in = new ByteArrayInputStream(input);
    while (true) {
      int start = input.length - in.available();
      Message message;
      try {
        message = MessageCodec.decode(in, (recipient, length) -> {
          if (length > MAX_PAYLOAD) {
            throw new ProtocolException("DATA length " + length + " > " + MAX_PAYLOAD);
          }
        });
      } catch (IOException expected) {
        return;
      }
      if (message == null) {
        return;
      }
      int end = input.length - in.available();
      assertThat(MessageCodec.encode(message)).isEqualTo(Arrays.copyOfRange(input, start, end));
    }
  }

  /**
   * A whole session fed the bytes as its peer's side of the connection, with the application
   * accepting and reading every channel: the session ends when the bytes run out or break the
   * protocol, every blocked call returns, and whatever ended it is an {@link IOException}, never
   * an {@link Error} or an unchecked exception.
   */
  @FuzzTest(maxDuration = "5m")
  void session(byte[] input) throws Exception {
    Options options = Options.builder()
        .set(StandardOptions.WINDOW_SIZE, 4096)
        .set(StandardOptions.MAX_PACKET_SIZE, 1024)
        .set(StandardOptions.ACCEPT_BACKLOG, 8)
        .set(StandardOptions.MAX_CHANNELS, 16)
        .build();
    Session session = Qmux.session(new ByteArrayInputStream(input), OutputStream.nullOutputStream(), "fuzz", options);
    List<Throwable> unexpected = new ArrayList<>();
    Thread app = Thread.ofVirtual().start(() -> serve(session, unexpected));
    try {
      session.closeFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      unexpected.add(e.getCause());
    }
    assertThat(app.join(Duration.ofSeconds(20))).as("the application's accept and reads returned").isTrue();
    assertThat(unexpected).isEmpty();
    session.closeCause().ifPresent(cause -> assertThat(cause).isInstanceOf(IOException.class));
  }

  private static void serve(Session session, List<Throwable> unexpected) {
    ByteBuffer buffer = ByteBuffer.allocate(512);
    try {
      while (true) {
        Channel channel = session.accept();
        try (channel) {
          while (channel.read(buffer.clear()) >= 0) {
            // drain: reading gives the peer credit back, which the session must account for
          }
        } catch (IOException endedWithTheSession) {
          // the channel or the session ended under the read: expected for broken input
        }
      }
    } catch (IOException sessionEnded) {
      // accept() on an ended session: expected
    } catch (RuntimeException | Error e) {
      synchronized (unexpected) {
        unexpected.add(e);
      }
    }
  }
}
