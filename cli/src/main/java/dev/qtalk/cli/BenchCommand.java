package dev.qtalk.cli;

import dev.qtalk.bench.QmuxTcpThroughput;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qtalk bench}: throughput next to a raw baseline, measured in the same run. */
@Command(name = "bench", description = "One-channel throughput over qmux+tcp next to a raw TCP socket.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--mib", defaultValue = "256", description = "MiB moved per trial (default ${DEFAULT-VALUE}).")
  long mib;

  @Override
  public Integer call() throws Exception {
    QmuxTcpThroughput.run(mib * 1024 * 1024, System.out);
    return 0;
  }
}
