package dev.qtalk.bench;

import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.RespondMux;
import dev.qtalk.rpc.Server;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Unary echo of 64 bytes, qtalk rpc (CBOR) over qmux+tcp and over QUIC, beside gRPC-java with its
 * default executor and with {@code directExecutor()}, with 1 and 64 callers. Each round measures
 * all four in turn; figures and ratios are medians over rounds.
 */
final class RpcScenarios {
  private static final byte[] PAYLOAD = new byte[64];

  private RpcScenarios() {}

  static void run(Mode mode, Harness.Sink sink, PrintStream log) throws Exception {
    Server server = Server.of(RespondMux.create().handle("echo", (r, c) -> r.reply(c.receive(byte[].class))));
    try (Pair tcp = Pair.open("qmux+tcp"); Pair quic = Pair.open("quic");
        Grpc grpc = new Grpc(false); Grpc direct = new Grpc(true)) {
      server.start(tcp.server());
      server.start(quic.server());
      Client overTcp = Client.builder(tcp.client()).codec(Codec.cbor()).build();
      Client overQuic = Client.builder(quic.client()).codec(Codec.cbor()).build();
      Rate.Op q = () -> check(overTcp.call("echo", PAYLOAD, byte[].class));
      Rate.Op qq = () -> check(overQuic.call("echo", PAYLOAD, byte[].class));
      Rate.Op g = () -> check(grpc.echo(PAYLOAD));
      Rate.Op gd = () -> check(direct.echo(PAYLOAD));
      for (int callers : new int[] {1, 64}) {
        sink.runAll(() -> unary(mode, callers, q, qq, g, gd, log));
      }
    }
  }

  private static List<Result> unary(Mode mode, int callers, Rate.Op q, Rate.Op qq, Rate.Op g, Rate.Op gd,
      PrintStream log) throws Exception {
    java.time.Duration warm = mode.quick() ? mode.run() : mode.run().dividedBy(2);
    for (Rate.Op op : List.of(q, qq, g, gd)) {
      Rate.measure(op, callers, warm);
    }
    List<Rate.Figures[]> rounds = new ArrayList<>();
    for (int i = 0; i < mode.rounds(); i++) {
      Rate.Figures[] f = new Rate.Figures[4];
      f[0] = Rate.measure(q, callers, mode.run());
      f[1] = Rate.measure(qq, callers, mode.run());
      f[2] = Rate.measure(g, callers, mode.run());
      f[3] = Rate.measure(gd, callers, mode.run());
      log.printf("  %2d caller(s), round %d: qmux+tcp %s | quic %s | gRPC %s | gRPC direct %s%n",
          callers, i + 1, f[0], f[1], f[2], f[3]);
      rounds.add(f);
    }
    String group = "rpc unary echo, " + callers + (callers == 1 ? " caller" : " callers");
    List<Result> out = new ArrayList<>();
    out.add(ratio(group, "qmux+tcp calls/s", "calls/s", rounds, 0, 2, "gRPC-java", Rate.Figures::perSecond, Target.atLeast(1.5)));
    out.add(ratio(group, "qmux+tcp calls/s", "calls/s", rounds, 0, 3, "gRPC-java directExecutor", Rate.Figures::perSecond, Target.atLeast(1.0)));
    out.add(ratio(group, "qmux+tcp p50", "us", rounds, 0, 2, "gRPC-java", Rate.Figures::p50Micros, Target.atMost(1.0)));
    out.add(ratio(group, "qmux+tcp p50", "us", rounds, 0, 3, "gRPC-java directExecutor", Rate.Figures::p50Micros, Target.atMost(1.0)));
    out.add(ratio(group, "qmux+tcp p99", "us", rounds, 0, 2, "gRPC-java", Rate.Figures::p99Micros, Target.NONE));
    out.add(ratio(group, "quic calls/s", "calls/s", rounds, 1, 2, "gRPC-java", Rate.Figures::perSecond, Target.atLeast(1.0)));
    out.add(ratio(group, "quic p50", "us", rounds, 1, 0, "qtalk rpc over qmux+tcp", Rate.Figures::p50Micros, Target.atMost(1.5)));
    out.add(ratio(group, "quic p99", "us", rounds, 1, 0, "qtalk rpc over qmux+tcp", Rate.Figures::p99Micros, Target.NONE));
    return out;
  }

  static Result ratio(String group, String scenario, String unit, List<Rate.Figures[]> rounds, int candidate,
      int baseline, String baselineName, java.util.function.ToDoubleFunction<Rate.Figures> figure, Target target) {
    int n = rounds.size();
    double[] c = new double[n];
    double[] b = new double[n];
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      c[i] = figure.applyAsDouble(rounds.get(i)[candidate]);
      b[i] = figure.applyAsDouble(rounds.get(i)[baseline]);
      r[i] = c[i] / b[i];
    }
    return new Result(group, scenario, unit, Throughput.median(c), baselineName, Throughput.median(b),
        Throughput.median(r), target);
  }

  private static void check(byte[] back) {
    if (back.length != PAYLOAD.length) {
      throw new IllegalStateException("echo returned " + back.length + " bytes (expected: " + PAYLOAD.length + ")");
    }
  }
}
