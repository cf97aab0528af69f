package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.QtalkException;
import dev.qtalk.Session;
import dev.qtalk.StandardOptions;
import dev.qtalk.tck.proxy.FaultProxy;
import dev.qtalk.tck.proxy.Link;
import dev.qtalk.tck.proxy.TcpProxy;
import dev.qtalk.tck.proxy.UdpProxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rules PX-*: faults on the path between the pair, through a proxy the kit puts there ({@link
 * TransportTck#connectThrough}): the connection cut, reset, stalled or slowed.
 */
abstract class ProxyRules extends RuleSuite {
  /** The keepalive the stall rule sets: a dead path must be found within interval + timeout. */
  static final Duration KEEPALIVE_INTERVAL = Duration.ofMillis(500);
  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(1);

  ProxyRules(TransportTck kit) {
    super(kit);
  }

  private FaultProxy proxy;

  /** Skips unless the transport can run through a proxy; returns a pair through a fresh one. */
  final SessionPair proxied(Options options) throws Exception {
    assumeTrue(
        has(Capability.TCP_PROXY) || has(Capability.UDP_PROXY),
        () -> "needs capability TCP_PROXY or UDP_PROXY, which " + kit.transportName() + " does not declare");
    SessionPair p =
        kit.connectThrough(
            options,
            server -> {
              proxy = closeLater(has(Capability.TCP_PROXY) ? TcpProxy.start(server) : UdpProxy.start(server));
              return proxy.address();
            });
    assertThat(proxy).as("the proxy (connectThrough must call route.to)").isNotNull();
    return closeLater(p);
  }

  final boolean overTcp() {
    return has(Capability.TCP_PROXY);
  }

  @Test
  @Tag("optional")
  @DisplayName("PX-1 over a slow path (2 MiB/s, 2 ms added each way), 256 KiB each way on one channel, and opens both ways, arrive unchanged")
  void slowPath() throws Exception {
    SessionPair p = proxied(Options.defaults());
    proxy.link(Link.slow(2 << 20, Duration.ofMillis(2)));
    Channel[] ch = openPair(p);
    SeededBytes up = new SeededBytes(101);
    SeededBytes down = new SeededBytes(102);
    int size = 256 * 1024;
    Future<Void> w1 = run(() -> writeAll(ch[0], up.bytes(0, size)));
    Future<Void> w2 = run(() -> writeAll(ch[1], down.bytes(0, size)));
    Future<Void> r1 = run(() -> up.verify(readN(ch[1], size), 0, size, 0));
    down.verify(readN(ch[0], size), 0, size, 0);
    await(r1, LONG, "the server's read over the slow path");
    await(w1, LONG, "the client's write");
    await(w2, LONG, "the server's write");
    Channel back = p.server().open(PROMPT.multipliedBy(2));
    Channel got = p.client().accept(PROMPT.multipliedBy(2));
    OpenAcceptRules.exchange(back, got);
  }

  /** Blocks a read, a write on a full window and an accept on each side; returns them with their names. */
  final List<Object[]> blockEverything(SessionPair p, SeededBytes data) throws Exception {
    Channel[] readers = openPair(p);
    Channel[] writers = openPair(p);
    List<Object[]> blocked = new ArrayList<>();
    for (int side = 0; side < 2; side++) {
      Session s = side == 0 ? p.client() : p.server();
      String name = side == 0 ? "client " : "server ";
      Channel r = readers[side];
      Channel w = writers[side];
      blocked.add(new Object[] {closeLaterCall(BlockedCalls.start("read", () -> r.read(ByteBuffer.allocate(16)))), name + "read"});
      blocked.add(new Object[] {closeLaterCall(BlockedCalls.start("write", () -> w.write(ByteBuffer.wrap(data.bytes(0, 16 << 20))))), name + "write (window full)"});
      blocked.add(new Object[] {closeLaterCall(BlockedCalls.start("accept", s::accept)), name + "accept"});
    }
    for (Object[] b : blocked) {
      BlockedCalls.awaitBlocked((Future<?>) b[0], (String) b[1]);
    }
    return blocked;
  }

  /** Every blocked call fails within {@code bound} with a typed error, and both sessions end. */
  final void assertAllReleased(SessionPair p, List<Object[]> blocked, Duration bound, String fault) throws Exception {
    for (Object[] b : blocked) {
      Throwable t = awaitFailure((Future<?>) b[0], bound, b[1] + " after the path was " + fault);
      assertThat(t).as("what %s threw after the path was %s", b[1], fault).isInstanceOf(QtalkException.class);
    }
    await(p.client().closeFuture(), bound, "the client session's end after the path was " + fault);
    await(p.server().closeFuture(), bound, "the server session's end after the path was " + fault);
    assertThat(p.client().isOpen()).isFalse();
    assertThat(p.server().isOpen()).isFalse();
  }

  /** A channel's bytes before a fault: whatever arrived is a prefix of what was sent, never wrong. */
  static void assertPrefix(Channel reader, SeededBytes data) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    long got = 0;
    reader.readTimeout(Duration.ofMillis(200));
    try {
      while (true) {
        buf.clear();
        int n = reader.read(buf);
        if (n < 0) {
          return;
        }
        data.verify(buf.array(), 0, n, got);
        got += n;
      }
    } catch (java.io.IOException ended) {
      // the channel has ended; every byte read so far was right
    }
  }

  final void cutOrReset(boolean reset) throws Exception {
    SessionPair p = proxied(Options.of(StandardOptions.WINDOW_SIZE, 64 * 1024));
    assumeTrue(overTcp(), "a UDP path has no FIN or RST to send; see PX-4 for a dead path");
    Census before = Resources.settle(null, Duration.ofMillis(300));
    SeededBytes data = new SeededBytes(reset ? 104 : 103);
    Channel[] flowing = openPair(p);
    writeAll(flowing[0], data.bytes(0, 1000));
    List<Object[]> blocked = blockEverything(p, data);
    if (reset) {
      proxy.reset();
    } else {
      proxy.cut();
    }
    String fault = reset ? "reset" : "cut";
    assertAllReleased(p, blocked, PROMPT, fault);
    assertPrefix(flowing[1], data);
    p.close();
    proxy.close();
    Census after = Resources.settle(before, ResourceRules.SETTLE);
    assertThat(after.threadCount())
        .as("threads after the %s path (extra: %s)", fault, after.extraThreads(before))
        .isLessThanOrEqualTo(before.threadCount());
    if (after.fds() >= 0 && before.fds() >= 0) {
      assertThat(after.fds())
          .as("file descriptors after the %s path (extra: %s)", fault, after.extraFds(before))
          .isLessThanOrEqualTo(before.fds() + Resources.FD_SLACK);
    }
  }

  @Test
  @Tag("optional")
  @DisplayName("PX-2 the connection cut (FIN) under blocked calls: every read, write and accept on both sides fails promptly with a typed error, both sessions end, no byte arrives wrong, nothing leaks")
  void cut() throws Exception {
    cutOrReset(false);
  }

  @Test
  @Tag("optional")
  @DisplayName("PX-3 the connection reset (RST) under blocked calls: every read, write and accept on both sides fails promptly with a typed error, both sessions end, no byte arrives wrong, nothing leaks")
  void reset() throws Exception {
    cutOrReset(true);
  }

  @Test
  @Tag("optional")
  @DisplayName("PX-4 a stalled path (nothing forwarded) with KEEPALIVE: every blocked call on both sides fails within keepalive interval + timeout (+ prompt), and both sessions end with a cause")
  void stall() throws Exception {
    requires(Capability.KEEPALIVE);
    Options options =
        Options.builder()
            .set(StandardOptions.KEEPALIVE_INTERVAL, KEEPALIVE_INTERVAL)
            .set(StandardOptions.KEEPALIVE_TIMEOUT, KEEPALIVE_TIMEOUT)
            .set(StandardOptions.WINDOW_SIZE, 64 * 1024)
            .build();
    SessionPair p = proxied(options);
    SeededBytes data = new SeededBytes(105);
    List<Object[]> blocked = blockEverything(p, data);
    proxy.link(Link.stall());
    assertAllReleased(p, blocked, KEEPALIVE_INTERVAL.plus(KEEPALIVE_TIMEOUT).plus(PROMPT), "stalled");
    assertThat(p.client().closeCause()).as("the client's closeCause after a dead path").isPresent();
    assertThat(p.server().closeCause()).as("the server's closeCause after a dead path").isPresent();
  }
}
