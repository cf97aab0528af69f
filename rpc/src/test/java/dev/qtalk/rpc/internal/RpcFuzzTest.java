package dev.qtalk.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.Dialect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Fuzz targets for what an rpc peer can send: frames and the call and reply headers of both
 * dialects in both codecs. Without {@code JAZZER_FUZZ} set, each replays its seeds in
 * {@code src/test/resources/.../RpcFuzzTestInputs/} as an ordinary test; see docs/fuzzing.md.
 */
class RpcFuzzTest {
  private static final int MAX_FRAME = 4096;

  /** A call header decodes to a selector, or fails with an IOException; nothing else escapes. */
  @FuzzTest(maxDuration = "5m")
  void callHeader(byte[] body) {
    try {
      Headers.IncomingCall call = Headers.decodeCall(body, Dialect.QTALK);
      assertThat(call.selector()).isNotNull();
      assertThat(call.codec()).isNotNull();
    } catch (IOException expected) {
      // a malformed header fails its call only
    }
  }

  /** A reply header, in whichever codec the call used, decodes or fails with an IOException. */
  @FuzzTest(maxDuration = "5m")
  void replyHeader(FuzzedDataProvider data) {
    Codec codec = switch (data.consumeInt(0, 2)) {
      case 0 -> Codec.json();
      case 1 -> Codec.jsonCompact();
      default -> Codec.cbor();
    };
    try {
      Headers.decodeReply(codec, data.consumeRemainingAsBytes());
    } catch (IOException expected) {
      // a malformed reply fails its call only
    }
  }

  /**
   * Frames read off a channel: each within the limit, and together exactly the bytes consumed, or
   * an IOException (too large, or cut short); nothing is allocated beyond what arrived.
   */
  @FuzzTest(maxDuration = "5m")
  void frames(byte[] input) throws IOException {
    ByteSource channel = new ByteSource(input);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    try {
      byte[] body;
      while ((body = Frames.read(channel, MAX_FRAME)) != null) {
        assertThat(body.length).isLessThanOrEqualTo(MAX_FRAME);
        again.write(Frames.encode(body));
      }
      assertThat(again.toByteArray()).isEqualTo(input);
    } catch (IOException expected) {
      // too large or cut short: the call fails, the channel is not read further
    }
  }

  /** A channel whose peer sent {@code bytes} and then ended, a few bytes per read. */
  private static final class ByteSource implements Channel {
    private final ByteBuffer bytes;

    ByteSource(byte[] bytes) {
      this.bytes = ByteBuffer.wrap(bytes);
    }

    @Override
    public int read(ByteBuffer dst) {
      if (!bytes.hasRemaining()) {
        return -1;
      }
      int n = Math.min(Math.min(dst.remaining(), bytes.remaining()), 7);
      dst.put(bytes.slice(bytes.position(), n));
      bytes.position(bytes.position() + n);
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException("read-only");
    }

    @Override public long id() { return 0; }
    @Override public Session session() { throw new UnsupportedOperationException(); }
    @Override public boolean isOpen() { return true; }
    @Override public void closeWrite() {}
    @Override public void close() {}
    @Override public void abort() {}
    @Override public void readTimeout(Duration timeout) {}
    @Override public Duration readTimeout() { return Duration.ZERO; }
    @Override public void writeTimeout(Duration timeout) {}
    @Override public Duration writeTimeout() { return Duration.ZERO; }
  }
}
