package dev.qtalk.bench;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel's whole life, one after another on each of 1 and 16 callers: open, half-close, the
 * peer accepts, reads the end and closes, the opener reads the end and closes. Beside it gRPC-java's
 * empty bidi call (start, half-close, the server completes), with both executors.
 */
final class OpenCloseScenarios {
  private OpenCloseScenarios() {}

  static void run(Mode mode, Harness.Sink sink, PrintStream log) throws Exception {
    try (Pair tcp = Pair.open("qmux+tcp"); Grpc grpc = new Grpc(false); Grpc direct = new Grpc(true)) {
      Thread acceptor = Thread.ofVirtual().name("bench-acceptor").start(() -> acceptLoop(tcp.server()));
      Rate.Op q = () -> lifecycle(tcp.client());
      Rate.Op g = grpc::empty;
      Rate.Op gd = direct::empty;
      for (int callers : new int[] {1, 16}) {
        sink.runAll(() -> {
          for (Rate.Op op : List.of(q, g, gd)) {
            Rate.measure(op, callers, mode.run().dividedBy(2));
          }
          List<Rate.Figures[]> rounds = new ArrayList<>();
          for (int i = 0; i < mode.rounds(); i++) {
            Rate.Figures[] f = {Rate.measure(q, callers, mode.run()), Rate.measure(g, callers, mode.run()),
                Rate.measure(gd, callers, mode.run())};
            log.printf("  %2d caller(s), round %d: qmux+tcp %s | gRPC %s | gRPC direct %s%n",
                callers, i + 1, f[0], f[1], f[2]);
            rounds.add(f);
          }
          String group = "channel open+close, " + callers + (callers == 1 ? " caller" : " callers");
          return List.of(
              RpcScenarios.ratio(group, "qmux+tcp", "per s", rounds, 0, 1, "gRPC-java empty bidi call",
                  Rate.Figures::perSecond, Target.atLeast(2.0)),
              RpcScenarios.ratio(group, "qmux+tcp", "per s", rounds, 0, 2,
                  "gRPC-java empty bidi call, directExecutor", Rate.Figures::perSecond, Target.atLeast(1.0)));
        });
      }
      acceptor.interrupt();
    }
  }

  private static void lifecycle(Session client) throws IOException {
    Channel c = client.open();
    c.closeWrite();
    if (c.read(ByteBuffer.allocate(1)) != -1) {
      throw new IllegalStateException("expected the end of the channel, got data");
    }
    c.close();
  }

  private static void acceptLoop(Session server) {
    try {
      while (true) {
        Channel s = server.accept();
        Thread.ofVirtual().start(() -> {
          try (s) {
            ByteBuffer one = ByteBuffer.allocate(1);
            while (s.read(one.clear()) >= 0) {
              // nothing is sent: wait for the end
            }
          } catch (IOException e) {
            // the session ended
          }
        });
      }
    } catch (IOException e) {
      // the session closed: done
    }
  }
}
