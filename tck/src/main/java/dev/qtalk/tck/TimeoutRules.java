package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** Rules TO-*: read and write deadlines, and interruption; the channel stays usable afterwards. */
abstract class TimeoutRules extends RuleSuite {

  TimeoutRules(TransportTck kit) {
    super(kit);
  }

  @Test
  @DisplayName("TO-1 a read timeout throws DeadlineExceededException in time; the channel reads later bytes")
  void readTimeout() throws Exception {
    Channel[] ch = openPair(pair());
    ch[1].readTimeout(Duration.ofMillis(300));
    long t0 = System.nanoTime();
    Throwable t = awaitFailure(async(() -> ch[1].read(ByteBuffer.allocate(8))), PROMPT, "a read with a 300 ms timeout");
    assertThat(t).isInstanceOf(DeadlineExceededException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    writeAll(ch[0], "after".getBytes());
    assertThat(readN(ch[1], 5)).isEqualTo("after".getBytes());
  }

  @Test
  @DisplayName("TO-2 a write timeout on a full window throws DeadlineExceededException; counted bytes arrive once, then later ones")
  void writeTimeout() throws Exception {
    Options options =
        has(Capability.CONFIGURABLE_WINDOW) ? Options.of(StandardOptions.WINDOW_SIZE, 16 * 1024) : Options.defaults();
    Channel[] ch = openPair(pair(options));
    SeededBytes data = new SeededBytes(72);
    int size = 16 << 20;
    ByteBuffer big = ByteBuffer.wrap(data.bytes(0, size));
    ch[0].writeTimeout(Duration.ofMillis(300));
    Throwable t =
        awaitFailure(async(() -> ch[0].write(big)), PROMPT.multipliedBy(2), "a 16 MiB write (300 ms timeout) to a reader that does not read");
    assertThat(t).isInstanceOf(DeadlineExceededException.class);
    int sent = big.position();
    assertThat(sent).as("bytes counted as sent").isLessThan(size);
    ch[0].writeTimeout(Duration.ZERO);
    ByteBuffer rest = ByteBuffer.wrap(data.bytes(sent, 100_000));
    Future<Integer> more = async(() -> ch[0].write(rest));
    data.verify(readN(ch[1], sent + 100_000), 0, sent + 100_000, 0);
    assertThat(await(more, LONG, "the write after the timeout")).isEqualTo(100_000);
  }

  @Test
  @DisplayName("TO-3 timeouts default to zero (no limit), read back as set, and reject negative values")
  void timeoutSettings() throws Exception {
    Channel[] ch = openPair(pair());
    assertThat(ch[0].readTimeout()).isEqualTo(Duration.ZERO);
    assertThat(ch[0].writeTimeout()).isEqualTo(Duration.ZERO);
    ch[0].readTimeout(Duration.ofSeconds(3));
    ch[0].writeTimeout(Duration.ofSeconds(4));
    assertThat(ch[0].readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(ch[0].writeTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThatThrownBy(() -> ch[0].readTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ch[0].writeTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  /** Runs {@code call} on a new thread, interrupts it once blocked, returns what it threw and the flag. */
  static Object[] interruptBlocked(RuleSuite.ThrowingRunnable call) throws Exception {
    BlockedCalls.Call<Object[]> c =
        BlockedCalls.start(
            "interrupted",
            () -> {
              try {
                call.run();
                return new Object[] {null, Thread.currentThread().isInterrupted()};
              } catch (Throwable e) {
                return new Object[] {e, Thread.currentThread().isInterrupted()};
              }
            });
    BlockedCalls.awaitBlocked(c, "the call to interrupt");
    c.thread().interrupt();
    return await(c, PROMPT, "the interrupted call");
  }

  @Test
  @DisplayName("TO-4 interrupting a blocked read throws InterruptedIOException and keeps the interrupt flag")
  void interruptRead() throws Exception {
    SessionPair p = pair();
    Channel[] ch = openPair(p);
    Object[] r = interruptBlocked(() -> ch[1].read(ByteBuffer.allocate(8)));
    assertThat(r[0]).isInstanceOf(InterruptedIOException.class);
    assertThat((Boolean) r[1]).as("interrupt flag after InterruptedIOException").isTrue();
    Channel[] next = openPair(p);
    OpenAcceptRules.exchange(next[0], next[1]);
  }

  @Test
  @DisplayName("TO-5 interrupting a blocked accept throws InterruptedIOException and keeps the interrupt flag")
  void interruptAccept() throws Exception {
    SessionPair p = pair();
    Object[] r = interruptBlocked(() -> p.server().accept());
    assertThat(r[0]).isInstanceOf(InterruptedIOException.class);
    assertThat((Boolean) r[1]).as("interrupt flag after InterruptedIOException").isTrue();
    Channel[] next = openPair(p);
    OpenAcceptRules.exchange(next[0], next[1]);
  }

  @Test
  @DisplayName("TO-6 interrupting a write blocked on a full window throws InterruptedIOException and keeps the flag")
  void interruptWrite() throws Exception {
    Options options =
        has(Capability.CONFIGURABLE_WINDOW) ? Options.of(StandardOptions.WINDOW_SIZE, 16 * 1024) : Options.defaults();
    Channel[] ch = openPair(pair(options));
    Object[] r = interruptBlocked(() -> ch[0].write(ByteBuffer.allocate(64 << 20)));
    assertThat(r[0]).isInstanceOf(InterruptedIOException.class);
    assertThat((Boolean) r[1]).as("interrupt flag after InterruptedIOException").isTrue();
  }

  @Test
  @DisplayName("TO-7 after a read timeout, setting the timeout back to zero waits without limit again")
  void timeoutCanBeLifted() throws Exception {
    Channel[] ch = openPair(pair());
    ch[1].readTimeout(Duration.ofMillis(100));
    assertThatThrownBy(() -> ch[1].read(ByteBuffer.allocate(1))).isInstanceOf(DeadlineExceededException.class);
    ch[1].readTimeout(Duration.ZERO);
    Future<byte[]> read = async(() -> readN(ch[1], 3));
    Thread.sleep(700);
    assertThat(read).as("a read with no timeout is still waiting").isNotDone();
    writeAll(ch[0], new byte[] {1, 2, 3});
    assertThat(await(read, PROMPT, "the read")).containsExactly(1, 2, 3);
  }
}
