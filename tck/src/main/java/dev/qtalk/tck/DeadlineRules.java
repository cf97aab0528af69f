package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rules TO-8 to TO-10: a timeout is its channel's own and fires close to its value, and an
 * interrupted read or write loses no byte and no credit.
 */
abstract class DeadlineRules extends RuleSuite {
  /** How late a timeout may fire: generous, it only catches a coarse timer tick. */
  static final Duration LATE = Duration.ofMillis(TckProperties.intValue("qtalk.tck.timerSlackMillis", 1000));

  DeadlineRules(TransportTck kit) {
    super(kit);
  }

  @Test
  @DisplayName("TO-8 a read timeout is per channel and fires close to its value: 300 ms fires within 250 ms to 300 ms + 1 s, three times, while another channel's read keeps waiting")
  void timeoutIsPerChannelAndPrecise() throws Exception {
    SessionPair p = pair();
    Channel[] timed = openPair(p);
    Channel[] untimed = openPair(p);
    Future<byte[]> waiting = closeLaterCall(BlockedCalls.start("untimed-read", () -> readN(untimed[1], 3)));
    timed[1].readTimeout(Duration.ofMillis(300));
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      Throwable t = awaitFailure(async(() -> timed[1].read(ByteBuffer.allocate(8))), PROMPT, "a read with a 300 ms timeout");
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      note("timeout" + i + "Millis", took.toMillis());
      assertThat(t).isInstanceOf(DeadlineExceededException.class);
      assertThat(took).as("when the 300 ms read timeout fired").isBetween(Duration.ofMillis(250), Duration.ofMillis(300).plus(LATE));
    }
    assertThat(waiting).as("the read on another channel, which has no timeout").isNotDone();
    assertThat(untimed[1].readTimeout()).as("the other channel's read timeout").isEqualTo(Duration.ZERO);
    writeAll(untimed[0], new byte[] {1, 2, 3});
    assertThat(await(waiting, PROMPT, "the other channel's read")).containsExactly(1, 2, 3);
    writeAll(timed[0], new byte[] {4});
    assertThat(readN(timed[1], 1)).containsExactly(4);
  }

  @Test
  @DisplayName("TO-9 an interrupted write on a full window loses nothing: the bytes counted in its position arrive once, then later writes, and 1 MiB more flows")
  void interruptedWriteLosesNothing() throws Exception {
    Options options =
        has(Capability.CONFIGURABLE_WINDOW) ? Options.of(StandardOptions.WINDOW_SIZE, 16 * 1024) : Options.defaults();
    SessionPair p = pair(options);
    Channel[] ch = openPair(p);
    SeededBytes data = new SeededBytes(93);
    int size = 16 << 20;
    ByteBuffer big = ByteBuffer.wrap(data.bytes(0, size));
    Object[] r = TimeoutRules.interruptBlocked(() -> ch[0].write(big));
    assertThat(r[0]).as("what the interrupted write threw").isInstanceOf(InterruptedIOException.class);
    int sent = big.position();
    assertThat(sent).as("bytes counted as sent by the interrupted write").isLessThan(size);
    int more = 1 << 20;
    Future<Integer> after = async(() -> ch[0].write(ByteBuffer.wrap(data.bytes(sent, more))));
    data.verify(readN(ch[1], sent + more), 0, sent + more, 0);
    assertThat(await(after, LONG, "the write after the interrupt")).isEqualTo(more);
    Channel[] other = openPair(p);
    OpenAcceptRules.exchange(other[0], other[1]);
  }

  @Test
  @DisplayName("TO-10 an interrupted read loses nothing: every byte written afterwards arrives in order, on that channel and on others")
  void interruptedReadLosesNothing() throws Exception {
    SessionPair p = pair();
    Channel[] ch = openPair(p);
    for (int i = 0; i < 3; i++) {
      Object[] r = TimeoutRules.interruptBlocked(() -> ch[1].read(ByteBuffer.allocate(64)));
      assertThat(r[0]).as("what the interrupted read threw").isInstanceOf(InterruptedIOException.class);
    }
    SeededBytes data = new SeededBytes(94);
    int size = 256 * 1024;
    Future<Void> w = run(() -> writeAll(ch[0], data.bytes(0, size)));
    data.verify(readN(ch[1], size), 0, size, 0);
    await(w, LONG, "the write after the interrupted reads");
    Channel[] other = openPair(p);
    OpenAcceptRules.exchange(other[0], other[1]);
  }
}
