package dev.qtalk.bench;

import java.time.Duration;

/**
 * How long each measurement runs: {@code quick} proves every scenario works in well under a
 * minute (its figures are too short to mean much); {@code full} is the one to quote.
 *
 * @param quick whether this is the smoke run
 * @param bulkBytes bytes per bulk trial over the fast transports (TCP, TLS, SSH)
 * @param slowBulkBytes bytes per bulk trial over the slower ones (QUIC, WebSocket)
 * @param trials paired trials per bulk scenario (the median is reported)
 * @param warmup how long unmeasured transfers of each side run first (at least one of each), so
 *     that the figures are of compiled code, not of the JIT at work
 * @param run how long one rate measurement (calls, open+close) runs
 * @param rounds alternating rounds of rate measurements (the median ratio is reported)
 */
public record Mode(boolean quick, long bulkBytes, long slowBulkBytes, int trials, Duration warmup, Duration run, int rounds) {
  public static Mode quickMode() {
    return new Mode(true, 8L << 20, 2L << 20, 1, Duration.ZERO, Duration.ofMillis(300), 1);
  }

  public static Mode fullMode() {
    return new Mode(false, 192L << 20, 32L << 20, 11, Duration.ofSeconds(8), Duration.ofSeconds(2), 3);
  }

  public String name() {
    return quick ? "quick" : "full";
  }
}
