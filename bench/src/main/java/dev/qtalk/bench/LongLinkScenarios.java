package dev.qtalk.bench;

import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * One channel over a long link: qmux+tcp through a {@link DelayProxy} at 10, 50 and 150 ms round
 * trip, against raw TCP through the same proxy. A channel's window starts at 2 MiB and grows while
 * the window is what holds the sender back.
 */
final class LongLinkScenarios {
  private static final String GROUP = "long link, one channel";
  private static final int[] ROUND_TRIPS_MS = {10, 50, 150};

  private LongLinkScenarios() {}

  static void run(Mode mode, Harness.Sink sink, PrintStream log) throws Exception {
    long bytes = mode.quick() ? 8L << 20 : 384L << 20;
    for (int rtt : ROUND_TRIPS_MS) {
      sink.run(() -> {
        try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"));
            ServerSocket rawServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            DelayProxy qmuxLink = new DelayProxy(
                new InetSocketAddress("127.0.0.1", listener.uri().getPort()), Duration.ofMillis(rtt));
            DelayProxy rawLink = new DelayProxy(
                new InetSocketAddress("127.0.0.1", rawServer.getLocalPort()), Duration.ofMillis(rtt))) {
          if (rtt == ROUND_TRIPS_MS[0]) {
            log.printf("  the proxy holds at most %d MiB in flight each way (the kernel's largest TCP window)%n",
                qmuxLink.inFlight() >> 20);
          }
          Session client = Transports.connect(
              URI.create("qmux+tcp://127.0.0.1:" + qmuxLink.address().getPort()));
          try (client; Session server = listener.accept()) {
            Throughput.Comparison c = Throughput.compare(
                b -> raw(rawServer, rawLink.address(), b),
                Throughput.timed(b -> ChannelTransfer.once(client, server, b)),
                bytes, 0, mode.quick() ? 1 : 3);
            return new Result(GROUP, "qmux+tcp, " + rtt + " ms round trip", "MB/s", c.candidate(),
                "raw TCP through the same proxy", c.baseline(), c.ratio(), Target.atLeast(0.8));
          }
        }
      });
    }
  }

  /** Bulk over a raw socket through the proxy; returns the transfer's nanoseconds. */
  private static long raw(ServerSocket server, InetSocketAddress via, long bytes) throws Exception {
    try (Socket client = new Socket(via.getAddress(), via.getPort()); Socket accepted = server.accept()) {
      return RawSockets.transfer(client, accepted, bytes);
    }
  }
}
