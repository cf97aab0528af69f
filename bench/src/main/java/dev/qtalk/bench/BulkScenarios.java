package dev.qtalk.bench;

import java.io.PrintStream;
import java.util.List;

/** Bulk over one channel for every scheme, each beside its raw baseline; then many channels at once. */
final class BulkScenarios {
  private static final String GROUP = "bulk, one channel, 64 KiB writes";

  private BulkScenarios() {}

  static void run(Mode mode, Harness.Sink sink, PrintStream log) throws Exception {
    try (Pair tcp = Pair.open("qmux+tcp")) {
      sink.run(() -> bulk(mode, mode.bulkBytes(), "qmux+tcp", "raw TCP socket",
          RawSockets::tcp, tcp, Target.atLeast(0.9)));
      sink.run(() -> {
        String[] suite = new String[1];
        Result r;
        try (Pair tls = Pair.open("qmux+tls")) {
          r = bulk(mode, mode.bulkBytes(), "qmux+tls", "raw JDK TLS socket",
              b -> RawSockets.tls(b, suite), tls, Target.atLeast(0.9));
        }
        log.println("  raw TLS negotiated " + suite[0]);
        return r;
      });
      sink.run(() -> {
        try (Pair ws = Pair.open("qmux+ws")) {
          return bulk(mode, mode.slowBulkBytes(), "qmux+ws", "qmux+tcp",
              Throughput.timed(b -> ChannelTransfer.once(tcp.client(), tcp.server(), b)), ws, Target.atLeast(0.7));
        }
      });
      for (boolean direct : new boolean[] {false, true}) {
        sink.run(() -> {
          try (Grpc grpc = new Grpc(direct)) {
            return bulk(mode, mode.bulkBytes(), "qmux+tcp",
                "gRPC-java bidi, 64 KiB messages" + (direct ? ", directExecutor" : ""),
                Throughput.timed(grpc::bulk), tcp, direct ? Target.NONE : Target.atLeast(2.0));
          }
        });
      }
      sink.run(() -> {
        long bytes = mode.bulkBytes();
        int channels = 1000;
        Throughput.Comparison c = Throughput.compare(
            Throughput.timed(b -> ChannelTransfer.once(tcp.client(), tcp.server(), b)),
            Throughput.timed(b -> ChannelTransfer.parallel(tcp.client(), tcp.server(), b, channels)),
            bytes, mode.warmup(), mode.trials());
        return new Result("many channels", channels + " channels at once, qmux+tcp", "MB/s", c.candidate(),
            "one channel, qmux+tcp", c.baseline(), c.ratio(), Target.NONE);
      });
    }
    sink.run(() -> {
      try (RawQuic raw = new RawQuic(); Pair quic = Pair.open("quic")) {
        return bulk(mode, mode.slowBulkBytes(), "quic", "raw Netty QUIC stream", raw::transfer, quic, Target.atLeast(0.9));
      }
    });
    for (String scheme : List.of("ssh", "qmux+ssh")) {
      sink.run(() -> {
        try (RawMina raw = new RawMina(); Pair ssh = Pair.open(scheme)) {
          return bulk(mode, mode.bulkBytes(), scheme, "raw MINA channel, " + Pair.SSH_CIPHER, raw::transfer, ssh,
              Target.atLeast(0.95));
        }
      });
    }
  }

  private static Result bulk(Mode mode, long bytes, String scheme, String baselineName,
      Throughput.Transfer baseline, Pair pair, Target target) throws Exception {
    Throughput.Comparison c = Throughput.compare(baseline,
        Throughput.timed(b -> ChannelTransfer.once(pair.client(), pair.server(), b)),
        bytes, mode.warmup(), mode.trials());
    return new Result(GROUP, scheme, "MB/s", c.candidate(), baselineName, c.baseline(), c.ratio(), target);
  }
}
