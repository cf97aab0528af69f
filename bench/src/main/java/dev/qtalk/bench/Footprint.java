package dev.qtalk.bench;

import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * Heap and threads per idle session and channel: runs the {@code IdleFootprint} program of this
 * module when the build has it, with its own output.
 */
final class Footprint {
  private Footprint() {}

  static void run(Mode mode, Harness.Sink sink, PrintStream log) {
    Class<?> program;
    try {
      program = Class.forName("dev.qtalk.bench.IdleFootprint");
    } catch (ClassNotFoundException e) {
      log.println("  IdleFootprint is not in this build: idle heap and threads not measured");
      return;
    }
    try {
      Method main = program.getMethod("main", String[].class);
      main.invoke(null, (Object) (mode.quick() ? new String[] {"--quick"} : new String[0]));
    } catch (ReflectiveOperationException e) {
      sink.fail("IdleFootprint: " + (e.getCause() != null ? e.getCause() : e));
    }
  }
}
