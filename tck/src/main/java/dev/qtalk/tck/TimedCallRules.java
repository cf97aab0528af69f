package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.OpenRefusedException;
import dev.qtalk.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rules OA-11 to OA-15: the timed calls' contract (zero, negative and null timeouts), many opens
 * at once, the order of accepts, and a channel closed by its opener before it was accepted.
 */
abstract class TimedCallRules extends RuleSuite {
  /** How long a call that must not wait may take: generous, it only has to not wait for the peer. */
  static final Duration AT_ONCE = Duration.ofSeconds(1);

  TimedCallRules(TransportTck kit) {
    super(kit);
  }

  /** Runs {@code accept} and checks it fails with DeadlineExceededException without waiting. */
  final void assertAcceptDoesNotWait(Session s, Duration timeout) throws Exception {
    Throwable t = awaitFailure(async(() -> s.accept(timeout)), PROMPT, "accept(" + timeout + ") with nothing opened");
    assertThat(t).as("what accept(%s) with nothing opened threw", timeout).isInstanceOf(DeadlineExceededException.class);
  }

  @Test
  @DisplayName("OA-11 accept(ZERO) and accept(negative) do not wait: they throw DeadlineExceededException at once or return a waiting channel; accept(null) throws NullPointerException")
  void acceptWithoutWaiting() throws Exception {
    SessionPair p = pair();
    for (Duration d : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofSeconds(-30))) {
      long t0 = System.nanoTime();
      assertAcceptDoesNotWait(p.server(), d);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("how long accept(%s) took", d).isLessThan(AT_ONCE);
    }
    Throwable npe = awaitFailure(async(() -> p.server().accept(null)), PROMPT, "accept(null)");
    assertThat(npe).as("what accept(null) threw").isInstanceOf(NullPointerException.class);
    // a channel that is there is taken without waiting: poll with zero until it has arrived
    Channel c = p.client().open(PROMPT);
    writeAll(c, new byte[] {42});
    Channel s = pollAccept(p.server(), Duration.ZERO);
    assertThat(readN(s, 1)).as("the byte on the channel accept(ZERO) returned").containsExactly(42);
    c.close();
    s.close();
    Channel[] again = openPair(p);
    OpenAcceptRules.exchange(again[0], again[1]);
  }

  /** Calls {@code accept(timeout)} (each call must not wait) until it returns a channel, within PROMPT. */
  static Channel pollAccept(Session s, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + PROMPT.toNanos();
    while (System.nanoTime() < deadline) {
      long t0 = System.nanoTime();
      try {
        return s.accept(timeout);
      } catch (DeadlineExceededException notYet) {
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
            .as("how long a failed accept(%s) took", timeout)
            .isLessThan(AT_ONCE);
        Thread.sleep(5);
      }
    }
    return fail("accept(" + timeout + ") never returned the channel the peer opened, within " + PROMPT.toMillis() + " ms");
  }

  @Test
  @DisplayName("OA-12 open(ZERO) and open(negative) do not wait: a channel or DeadlineExceededException at once, the session still usable; open(null) throws NullPointerException")
  void openWithoutWaiting() throws Exception {
    SessionPair p = pair();
    for (Duration d : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofSeconds(-30))) {
      long t0 = System.nanoTime();
      Future<Channel> open = async(() -> p.client().open(d));
      try {
        Channel c = await(open, PROMPT, "open(" + d + ")");
        c.close();
      } catch (DeadlineExceededException | OpenRefusedException fine) {
        // the contract allows it: an open that needs the peer's answer cannot succeed at once
      }
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("how long open(%s) took", d).isLessThan(AT_ONCE);
      assertThat(p.client().isOpen()).as("the session after open(%s)", d).isTrue();
    }
    Throwable npe = awaitFailure(async(() -> p.client().open(null)), PROMPT, "open(null)");
    assertThat(npe).as("what open(null) threw").isInstanceOf(NullPointerException.class);
    // whatever those opens left behind on the server, the session goes on
    Channel c = p.client().open(PROMPT);
    writeAll(c, "after".getBytes());
    assertThat(acceptCarrying(p.server(), "after".getBytes()))
        .as("a channel opened after open(ZERO) and open(negative) carries its bytes")
        .isTrue();
  }

  /** Accepts until a channel carries {@code expected}: channels that abandoned opens left are skipped. */
  static boolean acceptCarrying(Session server, byte[] expected) throws Exception {
    for (int i = 0; i < 10; i++) {
      Channel s = server.accept(PROMPT);
      s.readTimeout(PROMPT);
      try {
        if (java.util.Arrays.equals(readN(s, expected.length), expected)) {
          return true;
        }
      } catch (IOException ended) {
        // a channel an abandoned open left behind
      } finally {
        s.close();
      }
    }
    return false;
  }

  @Test
  @Timeout(300)
  @DisplayName("OA-13 an open storm: 1,000 opens started at once on 1,000 threads all complete, each accepted once")
  void openStorm() throws Exception {
    SessionPair p = pair();
    int n = 1000;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Channel>> opens = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      opens.add(
          async(
              () -> {
                go.await();
                Channel c = p.client().open(LONG);
                writeAll(c, new byte[] {(byte) (k >> 8), (byte) k});
                return c;
              }));
    }
    Future<Set<Integer>> accepted =
        async(
            () -> {
              Set<Integer> seen = new HashSet<>();
              for (int i = 0; i < n; i++) {
                Channel s = p.server().accept(LONG);
                byte[] b = readN(s, 2);
                int k = (b[0] & 0xff) << 8 | (b[1] & 0xff);
                assertThat(seen.add(k)).as("channel %s accepted once", k).isTrue();
                s.close();
              }
              return seen;
            });
    go.countDown();
    for (int i = 0; i < n; i++) {
      await(opens.get(i), LONG, "open " + i + " of the storm").close();
    }
    assertThat(await(accepted, LONG, "accepting the storm")).hasSize(n);
  }

  @Test
  @DisplayName("OA-14 channels are accepted in the order they were opened (50 opens one after another)")
  void acceptOrder() throws Exception {
    SessionPair p = pair();
    int n = 50;
    List<Channel> opened = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Channel c = p.client().open(PROMPT);
      writeAll(c, new byte[] {(byte) i});
      opened.add(c);
    }
    for (int i = 0; i < n; i++) {
      Channel s = p.server().accept(PROMPT);
      assertThat(readN(s, 1)[0]).as("the channel accepted in place %s", i).isEqualTo((byte) i);
      s.close();
    }
    for (Channel c : opened) {
      c.close();
    }
  }

  @Test
  @DisplayName("OA-15 a channel its opener wrote to and closed before it was accepted is still accepted: its bytes, then the end")
  void acceptAfterPeerClosed() throws Exception {
    SessionPair p = pair();
    Channel c = p.client().open(PROMPT);
    writeAll(c, "gone".getBytes());
    c.close();
    Channel s = await(async(() -> p.server().accept(PROMPT)), PROMPT.multipliedBy(2), "accept of a channel its opener closed");
    assertThat(readN(s, 4)).as("what the channel's opener wrote before it closed").isEqualTo("gone".getBytes());
    try {
      assertThat(await(async(() -> s.read(ByteBuffer.allocate(8))), PROMPT, "the read after the bytes")).isEqualTo(-1);
    } catch (ChannelClosedException alsoFine) {
      // the end of a closed channel may read as ChannelClosedException
    }
    s.close();
    OpenAcceptRules.exchange(p.client().open(PROMPT), p.server().accept(PROMPT));
  }
}
