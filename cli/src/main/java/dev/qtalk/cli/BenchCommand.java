package dev.qtalk.cli;

import dev.qtalk.bench.Harness;
import dev.qtalk.bench.Mode;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qtalk bench}: every qtalk scenario beside its baseline, measured in the same run. */
@Command(name = "bench", description = {
    "Every qtalk transport and rpc next to the baseline a user would pick instead (raw sockets, raw",
    "JDK TLS, raw Netty QUIC, raw MINA SSHD, gRPC-java), in this JVM: prints a table of ratios and",
    "writes JSON and a PNG chart."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "Short runs that prove every scenario works (under a minute).")
  boolean quick;

  @Option(names = "--out", defaultValue = "bench/target", description = "Where the JSON and PNG go (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--only", split = ",", description = "Only these groups: bulk, rpc, open-close, idle, ws, browser, jmh.")
  List<String> only;

  @Override
  public Integer call() throws Exception {
    var groups = new LinkedHashSet<>(only == null ? Harness.GROUPS : only);
    Harness.Outcome o = Harness.run(quick ? Mode.quickMode() : Mode.fullMode(), out, groups, System.out);
    return o.failures().isEmpty() ? 0 : 1;
  }
}
