package dev.qtalk.bench;

import java.io.PrintStream;

/**
 * Heap per idle session and channel: runs {@link IdleFootprint} (idle qmux+tcp sessions beside
 * idle raw TCP sockets, then idle channels on one session) and records its ratio.
 */
final class Footprint {
  private Footprint() {}

  static void run(Mode mode, Harness.Sink sink, PrintStream log) {
    int sessions = mode.quick() ? 100 : 1_000;
    int channels = 10_000; // fewer leave the heap difference inside GC noise
    sink.runAll(() -> {
      double[] bytes = IdleFootprint.run(sessions, channels, log);
      return java.util.List.of(
          Result.of("idle footprint", "heap per idle qmux+tcp session (" + sessions + ")", "bytes", bytes[1],
              "heap per idle raw TCP socket", bytes[0], Target.NONE),
          Result.of("idle footprint", "heap per idle channel (" + channels + " on one session)", "bytes", bytes[2],
              "heap per idle raw TCP socket", bytes[0], Target.NONE));
    });
  }
}
