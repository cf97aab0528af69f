package dev.qtalk.bench;

import java.io.PrintStream;

/**
 * Heap per idle session and channel: runs {@link IdleFootprint} (idle qmux+tcp sessions beside
 * idle raw TCP sockets, idle channels on one session, then idle qmux+ws sessions) and records each
 * figure against the engine's goal (16 KiB per idle session, 1 KiB per idle channel). The raw sockets' own figure is
 * printed beside it; it is too close to zero (GC noise) to divide by.
 */
final class Footprint {
  private static final double SESSION_GOAL = 16 * 1024;
  private static final double CHANNEL_GOAL = 1024;

  private Footprint() {}

  static void run(Mode mode, Harness.Sink sink, PrintStream log) {
    int sessions = mode.quick() ? 100 : 10_000;
    int channels = 10_000; // fewer leave the heap difference inside GC noise
    sink.runAll(() -> {
      double[] bytes = IdleFootprint.run(sessions, channels, log);
      return java.util.List.of(
          Result.of("idle footprint", "heap per idle qmux+tcp session (" + sessions + ")", "bytes", bytes[1],
              "goal per idle session", SESSION_GOAL, Target.atMost(1.0)),
          Result.of("idle footprint", "heap per idle channel (" + channels + " on one session)", "bytes", bytes[2],
              "goal per idle channel", CHANNEL_GOAL, Target.atMost(1.0)),
          Result.of("idle footprint", "heap per idle qmux+ws session (" + sessions + ")", "bytes", bytes[3],
              "goal per idle session", SESSION_GOAL, Target.atMost(1.0)));
    });
  }
}
