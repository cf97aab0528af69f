package dev.qtalk.tck;

import dev.qtalk.Channel;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The census taken before the first rule of a run (rule RL-5 compares with it at the end). It is
 * taken after one warm-up pair has opened a channel and moved a few bytes, so threads and files a
 * transport creates once per JVM (a shared timer, a selector) are not counted as leaks.
 */
final class Baseline {
  private static Census census;

  private Baseline() {}

  static synchronized void reset() {
    census = null;
  }

  static synchronized Census get() {
    return census;
  }

  static synchronized void takeOnce(TransportTck kit) throws Exception {
    if (census != null) {
      return;
    }
    try {
      boundedWarmUp(kit);
    } catch (Exception | AssertionError e) {
      // a transport that cannot even warm up fails its rules; the baseline is still taken
      System.getLogger("dev.qtalk.tck")
          .log(System.Logger.Level.WARNING, "the kit's warm-up failed on " + kit.transportName() + ": " + e);
    }
    census = Resources.settle(null, Duration.ofMillis(300));
  }

  /** {@link #warmUp}, given at most the long bound. */
  static void boundedWarmUp(TransportTck kit) throws Exception {
    java.util.concurrent.FutureTask<Void> task =
        new java.util.concurrent.FutureTask<>(
            () -> {
              warmUp(kit);
              return null;
            });
    Thread t = Thread.ofVirtual().name("tck-warm-up").start(task);
    try {
      // generous: on a loaded machine a first handshake (TLS, SSH, QUIC) can be slow, and a
      // baseline taken without the warm-up would count per-JVM pools as leaks
      task.get(RuleSuite.LONG.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      t.interrupt();
      throw new AssertionError("the warm-up (one channel, a few bytes each way) did not finish in time");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw new AssertionError(e.getCause());
    }
  }

  /**
   * Makes the JDK start what it keeps for virtual-thread I/O (its poller threads and their epoll
   * descriptors, created at the first blocking socket call on a virtual thread), so a census after
   * it does not count them as the transport's.
   */
  static void primeJdkPollers() throws Exception {
    try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.util.concurrent.CompletableFuture<Integer> read = new java.util.concurrent.CompletableFuture<>();
      Thread.ofVirtual()
          .name("tck-prime-pollers")
          .start(
              () -> {
                try (java.net.Socket s = new java.net.Socket(server.getInetAddress(), server.getLocalPort())) {
                  read.complete(s.getInputStream().read()); // blocks: parks on the JDK's poller
                } catch (Exception e) {
                  read.completeExceptionally(e);
                }
              });
      try (java.net.Socket peer = server.accept()) {
        Thread.sleep(20); // let the reader park first (either way the pollers exist afterwards)
        peer.getOutputStream().write(1);
        read.get(RuleSuite.PROMPT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    }
  }

  /** One pair, one channel, a few bytes each way, then everything closed. */
  private static void warmUp(TransportTck kit) throws Exception {
    primeJdkPollers();
    try (SessionPair p = kit.connect(dev.qtalk.Options.defaults())) {
      Channel c = p.client().open(RuleSuite.PROMPT);
      Channel s = p.server().accept(RuleSuite.PROMPT);
      c.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
      RuleSuite.readN(s, 3);
      s.write(ByteBuffer.wrap(new byte[] {4}));
      RuleSuite.readN(c, 1);
      c.close();
      s.close();
    }
  }
}
