package dev.qtalk.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Timing of bulk transfers against a baseline. Trials alternate baseline and candidate, so a
 * change in the machine's load hits both alike; the figures are medians.
 */
public final class Throughput {
  /** One transfer of {@code bytes}; returns when every byte has arrived. */
  @FunctionalInterface
  public interface Transfer {
    void run(long bytes) throws Exception;
  }

  /** Medians in MB/s of the baseline and the candidate, and the median of the paired ratios. */
  public record Comparison(double baseline, double candidate, double ratio) {}

  private Throughput() {}

  /** Runs {@code warmups} of each, then {@code trials} alternating pairs. */
  public static Comparison compare(
      Transfer baseline, Transfer candidate, long bytes, int warmups, int trials) throws Exception {
    for (int i = 0; i < warmups; i++) {
      baseline.run(bytes);
      candidate.run(bytes);
    }
    double[] base = new double[trials];
    double[] cand = new double[trials];
    double[] ratio = new double[trials];
    for (int i = 0; i < trials; i++) {
      base[i] = mbps(baseline, bytes);
      cand[i] = mbps(candidate, bytes);
      ratio[i] = cand[i] / base[i];
    }
    return new Comparison(median(base), median(cand), median(ratio));
  }

  private static double mbps(Transfer transfer, long bytes) throws Exception {
    long start = System.nanoTime();
    transfer.run(bytes);
    return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  public static String format(double mbps) {
    return String.format(Locale.ROOT, "%8.1f MB/s", mbps);
  }
}
