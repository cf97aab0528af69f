package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The channel rules of {@code tck/SPEC.md} as JUnit suites. A transport certifies itself with a
 * short subclass in its own tests:
 *
 * <pre>{@code
 * class MyTransportTckTest extends TransportTck {
 *   protected SessionPair connect(Options options) throws Exception { ... }
 *   protected Set<Capability> capabilities() { return EnumSet.of(Capability.HALF_CLOSE); }
 * }
 * }</pre>
 */
@Timeout(60)
public abstract class TransportTck {

  /**
   * Makes a fresh pair of connected sessions, honouring {@code options} where the transport can
   * (a rule that needs a small window sets {@link dev.qtalk.StandardOptions#WINDOW_SIZE}).
   */
  protected abstract SessionPair connect(Options options) throws Exception;

  /** What the transport supports beyond the required rules. */
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.HALF_CLOSE);
  }

  private SessionPair pair;

  /** A pair with default options, closed after the test. */
  protected SessionPair pair() throws Exception {
    return pair(Options.defaults());
  }

  /** A pair with {@code options}, closed after the test. */
  protected SessionPair pair(Options options) throws Exception {
    if (pair != null) {
      pair.close();
    }
    pair = connect(options);
    return pair;
  }

  @AfterEach
  void closePair() {
    if (pair != null) {
      pair.close();
      pair = null;
    }
  }

  @Nested
  @DisplayName("open/accept")
  class OpenAccept {
    @Test
    @DisplayName("OA-1 client opens, server accepts, bytes flow both ways")
    void clientOpensServerAccepts() throws Exception {
      SessionPair p = pair();
      Channel c = p.client().open(Duration.ofSeconds(10));
      Channel s = p.server().accept(Duration.ofSeconds(10));
      c.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
      assertThat(readN(s, 4)).isEqualTo("ping".getBytes(StandardCharsets.US_ASCII));
      s.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
      assertThat(readN(c, 4)).isEqualTo("pong".getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** Reads exactly {@code n} bytes, failing at a premature end of stream. */
  protected static byte[] readN(Channel ch, int n) throws java.io.IOException {
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        throw new java.io.EOFException("end of stream after " + buf.position() + " of " + n + " bytes");
      }
    }
    return buf.array();
  }
}
