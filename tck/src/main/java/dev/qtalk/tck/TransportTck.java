package dev.qtalk.tck;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The channel rules of {@code tck/SPEC.md} as JUnit suites. A transport certifies itself with one
 * short subclass in its own tests:
 *
 * <pre>{@code
 * class MyTransportTckTest extends TransportTck {
 *   protected SessionPair connect(Options options) throws Exception { ... }
 *   protected Set<Capability> capabilities() { return EnumSet.of(Capability.HALF_CLOSE); }
 * }
 * }</pre>
 *
 * <p>Every rule is a test whose display name starts with its rule id ({@code "DI-2 ..."}); a rule
 * that needs an undeclared {@link Capability} is skipped with the reason. The suites run in the
 * order below; the resource suite runs last and compares threads and file descriptors with a
 * baseline taken before the first. The contract the rules hold transports to is written in the
 * Javadoc of {@link Session}, {@link Channel} and {@link SessionListener}.
 *
 * @since 0.1
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public abstract class TransportTck {

  /**
   * Makes a fresh pair of connected sessions, honouring {@code options} where the transport can
   * (a rule that needs a small window sets {@link dev.qtalk.StandardOptions#WINDOW_SIZE}).
   */
  protected abstract SessionPair connect(Options options) throws Exception;

  /**
   * What the transport supports beyond the required rules. There is no default: declare exactly
   * what the transport does (an empty set is allowed), since each capability adds rules and a
   * missing one skips them.
   */
  protected abstract Set<Capability> capabilities();

  /**
   * Rules this transport is known to fail, by rule id, each with what the defect is. They are
   * reported as skipped with that reason, never as passing: for a transport's own bugs while they
   * are being fixed. Empty (the default) runs every rule.
   */
  protected java.util.Map<String, String> knownDefects() {
    return java.util.Map.of();
  }

  /**
   * For {@link Capability#LISTENER}: a fresh listener of the transport (on an ephemeral port where
   * there is one), honouring {@code options}. The kit closes it.
   */
  protected SessionListener listen(Options options) throws Exception {
    throw new UnsupportedOperationException(
        transportName() + " declares LISTENER but does not override listen(Options)");
  }

  /**
   * For {@link Capability#LISTENER}: connects a client session to {@code listener}. The kit calls
   * it on another thread while it accepts. By default {@code Transports.connect(listener.uri(),
   * options)}.
   */
  protected Session dial(SessionListener listener, Options options) throws Exception {
    return Transports.connect(listener.uri(), options);
  }

  /** The transport's name in reports; by default the test class's name without "TckTest". */
  protected String transportName() {
    String n = getClass().getSimpleName();
    return n.endsWith("TckTest") && n.length() > 7 ? n.substring(0, n.length() - 7) : n;
  }

  /**
   * For {@link Capability#WIRE_FORMAT}: a session of the transport whose peer is raw bytes. The
   * session must be ready to use when this returns (any handshake done).
   */
  protected RawPeer rawPeer(Options options) throws Exception {
    throw new UnsupportedOperationException(
        transportName() + " declares WIRE_FORMAT but does not override rawPeer(Options)");
  }

  /**
   * For {@link Capability#WIRE_FORMAT}: messages that a correct peer of this transport never
   * sends and that must end the session (each is sent alone, right after connecting, through
   * {@link #rawPeer}). Empty by default: rule BI-7 is then skipped.
   */
  protected List<byte[]> malformedMessages() {
    return List.of();
  }

  /**
   * For {@link Capability#TCP_PROXY} and {@link Capability#UDP_PROXY}: makes a pair whose client
   * reaches the server through a proxy of the kit. Listen as {@link #connect} does (port 0), call
   * {@code route.to(server)} with the address the listener is bound to, and connect the client to
   * the address it returns instead.
   */
  protected SessionPair connectThrough(Options options, Route route) throws Exception {
    throw new UnsupportedOperationException(
        transportName() + " declares a proxy capability but does not override connectThrough(Options, Route)");
  }

  /** Where a client must connect to reach {@code server} through the kit's proxy. */
  @FunctionalInterface
  public interface Route {
    java.net.InetSocketAddress to(java.net.InetSocketAddress server) throws IOException;
  }

  @BeforeAll
  static void takeBaseline() {
    // the census of rule RL-5; taken after a warm-up in ResourceRules
    Baseline.reset();
  }

  @Nested
  @Order(10)
  @DisplayName("OA open/accept")
  class OpenAccept extends OpenAcceptRules {
    OpenAccept() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(15)
  @DisplayName("OA open/accept: timed calls, storms, order")
  class TimedCalls extends TimedCallRules {
    TimedCalls() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(20)
  @DisplayName("DI data integrity")
  class DataIntegrity extends DataRules {
    DataIntegrity() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(25)
  @DisplayName("DI data integrity: server to client")
  class Directions extends DirectionRules {
    Directions() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(30)
  @DisplayName("FC flow control")
  class FlowControl extends FlowControlRules {
    FlowControl() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(40)
  @DisplayName("HC half-close")
  class HalfClose extends HalfCloseRules {
    HalfClose() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(50)
  @DisplayName("CR close/reset")
  class CloseReset extends CloseRules {
    CloseReset() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(55)
  @DisplayName("CR close/reset: how things end")
  class Ends extends EndRules {
    Ends() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(60)
  @DisplayName("CC concurrency")
  class Concurrency extends ConcurrencyRules {
    Concurrency() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(70)
  @DisplayName("TO timeouts")
  class Timeouts extends TimeoutRules {
    Timeouts() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(75)
  @DisplayName("TO timeouts: per channel, and interrupts that lose nothing")
  class Deadlines extends DeadlineRules {
    Deadlines() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(80)
  @DisplayName("BI bad input")
  class BadInput extends BadInputRules {
    BadInput() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(85)
  @DisplayName("LI listeners")
  class Listeners extends ListenerRules {
    Listeners() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(87)
  @DisplayName("PX faults on the path")
  class Proxied extends ProxyRules {
    Proxied() {
      super(TransportTck.this);
    }
  }

  @Nested
  @Order(90)
  @DisplayName("RL resource leaks")
  class Resources extends ResourceRules {
    Resources() {
      super(TransportTck.this);
    }
  }

  // ---- helpers for subclasses that add rules of their own ----

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

  /** Reads exactly {@code n} bytes, failing at a premature end of stream. */
  protected static byte[] readN(Channel ch, int n) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        throw new EOFException("end of stream after " + buf.position() + " of " + n + " bytes");
      }
    }
    return buf.array();
  }
}
