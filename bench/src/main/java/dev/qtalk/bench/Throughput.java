package dev.qtalk.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Timing of bulk transfers against a baseline. Trials alternate baseline and candidate, so a
 * change in the machine's load hits both alike; the figures are medians, and the ratio is the
 * median of the per-pair ratios.
 */
public final class Throughput {
  /** One transfer of {@code bytes}; returns the nanoseconds its measured part took. */
  @FunctionalInterface
  public interface Transfer {
    long run(long bytes) throws Exception;
  }

  /** A transfer timed as a whole. */
  @FunctionalInterface
  public interface Body {
    void run(long bytes) throws Exception;
  }

  /** Medians in MB/s of the baseline and the candidate, and the median of the paired ratios. */
  public record Comparison(double baseline, double candidate, double ratio) {}

  private Throughput() {}

  public static Transfer timed(Body body) {
    return bytes -> {
      long start = System.nanoTime();
      body.run(bytes);
      return System.nanoTime() - start;
    };
  }

  /** Runs {@code warmups} unmeasured pairs, then {@code trials} alternating pairs. */
  public static Comparison compare(Transfer baseline, Transfer candidate, long bytes, int warmups, int trials)
      throws Exception {
    for (int i = 0; i < warmups; i++) {
      baseline.run(bytes);
      candidate.run(bytes);
    }
    return measure(baseline, candidate, bytes, trials);
  }

  /** Runs unmeasured pairs for {@code warmup} (at least one), then {@code trials} alternating pairs. */
  public static Comparison compare(Transfer baseline, Transfer candidate, long bytes, Duration warmup, int trials)
      throws Exception {
    long warmUntil = System.nanoTime() + warmup.toNanos();
    do {
      baseline.run(bytes);
      candidate.run(bytes);
    } while (System.nanoTime() - warmUntil < 0);
    return measure(baseline, candidate, bytes, trials);
  }

  private static Comparison measure(Transfer baseline, Transfer candidate, long bytes, int trials) throws Exception {
    double[] base = new double[trials];
    double[] cand = new double[trials];
    double[] ratio = new double[trials];
    for (int i = 0; i < trials; i++) {
      if (i % 2 == 0) {
        base[i] = mbps(baseline.run(bytes), bytes);
        cand[i] = mbps(candidate.run(bytes), bytes);
      } else {
        cand[i] = mbps(candidate.run(bytes), bytes);
        base[i] = mbps(baseline.run(bytes), bytes);
      }
      ratio[i] = cand[i] / base[i];
    }
    return new Comparison(median(base), median(cand), median(ratio));
  }

  private static double mbps(long nanos, long bytes) {
    return bytes / 1e6 / (nanos / 1e9);
  }

  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  public static String format(double mbps) {
    return String.format(Locale.ROOT, "%8.1f MB/s", mbps);
  }
}
