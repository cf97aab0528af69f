package dev.qtalk.cli;

import dev.qtalk.bench.Harness;
import dev.qtalk.bench.Mode;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qtalk bench}: every qtalk scenario beside its baseline, measured in the same run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure every transport and rpc beside the baseline a user would pick instead.",
      "Baselines: raw TCP and JDK TLS sockets, a raw Netty QUIC stream, a raw MINA SSHD channel and",
      "gRPC-java, all in this JVM and in the same run. Prints a table of ratios; writes JSON and a",
      "PNG chart. Measure on a quiet machine: the ratios, not the absolute figures, are comparable."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  qtalk bench --quick                         every scenario once, in under a minute",
      "  qtalk bench --out /tmp/bench                the full run (about 5 minutes)",
      "  qtalk bench --only bulk,rpc                 some groups only"
    })
final class BenchCommand implements Callable<Integer> {
  @Mixin ExitCodeHelp exitCodes;

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
