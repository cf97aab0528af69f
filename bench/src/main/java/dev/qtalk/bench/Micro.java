package dev.qtalk.bench;

import dev.qtalk.bench.micro.CallEncoding;
import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH micro benchmarks, run in this JVM (no fork, so that {@code ./qtalk bench} stays one
 * process; for publishable micro figures run JMH's own main with forks). Each qtalk benchmark is
 * reported beside its baseline benchmark of the same class and parameters.
 */
final class Micro {
  private Micro() {}

  static void run(Mode mode, Harness.Sink sink, PrintStream log) {
    sink.runAll(() -> {
      var options = new OptionsBuilder()
          .include(CallEncoding.class.getName())
          .forks(0)
          .warmupIterations(mode.quick() ? 1 : 2)
          .warmupTime(TimeValue.milliseconds(mode.quick() ? 100 : 1000))
          .measurementIterations(mode.quick() ? 1 : 3)
          .measurementTime(TimeValue.milliseconds(mode.quick() ? 100 : 1000))
          .shouldFailOnError(true)
          .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
          .build();
      Collection<RunResult> runs = new Runner(options).run();
      Map<String, Double> score = new HashMap<>();
      for (RunResult r : runs) {
        String name = r.getParams().getBenchmark().replaceFirst(".*\\.", "");
        score.put(name + "/" + r.getParams().getParam("codec"), r.getPrimaryResult().getScore());
      }
      var out = new java.util.ArrayList<Result>();
      for (String codec : new String[] {"cbor", "json"}) {
        out.add(Result.of("micro (JMH, in process)", "rpc call+reply headers, " + codec, "ops/s",
            score.get("qtalkCall/" + codec), "Jackson encode of the argument alone", score.get("jackson/" + codec),
            Target.NONE));
      }
      return out;
    });
  }
}
