package dev.qtalk.bench;

import java.util.List;

/**
 * One-channel bulk over {@code qmux+ws} in both directions, each beside {@code qmux+tcp} moving
 * the same bytes the same way in the same run: client to server, where the client masks every
 * byte, and server to client, where nothing is masked.
 *
 * <pre>java -cp ... dev.qtalk.bench.WsThroughput [MiB per trial (256)]</pre>
 */
public final class WsThroughput {
  private static final String GROUP = "qmux+ws both ways";

  private WsThroughput() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
    for (Result r : measure(mib << 20, Integer.getInteger("qtalk.bench.trials", 7))) {
      System.out.println(Report.line(r));
    }
  }

  /** Medians of {@code trials} paired trials each way, after two unmeasured transfers of each side. */
  static List<Result> measure(long bytes, int trials) throws Exception {
    try (Pair tcp = Pair.open("qmux+tcp"); Pair ws = Pair.open("qmux+ws")) {
      Throughput.Comparison up = Throughput.compare(
          Throughput.timed(n -> ChannelTransfer.once(tcp.client(), tcp.server(), n)),
          Throughput.timed(n -> ChannelTransfer.once(ws.client(), ws.server(), n)), bytes, 2, trials);
      Throughput.Comparison down = Throughput.compare(
          Throughput.timed(n -> ChannelTransfer.once(tcp.server(), tcp.client(), n)),
          Throughput.timed(n -> ChannelTransfer.once(ws.server(), ws.client(), n)), bytes, 2, trials);
      return List.of(
          new Result(GROUP, "client to server (masked)", "MB/s", up.candidate(),
              "qmux+tcp, client to server", up.baseline(), up.ratio(), Target.NONE),
          new Result(GROUP, "server to client", "MB/s", down.candidate(),
              "qmux+tcp, server to client", down.baseline(), down.ratio(), Target.NONE));
    }
  }
}
