package dev.qtalk.bench;

import java.util.Arrays;
import java.util.Locale;

/** Timing of repeated bulk transfers: the median of several trials, after warm-up. */
public final class Throughput {
  /** One transfer of {@code bytes}; returns when every byte has arrived. */
  @FunctionalInterface
  public interface Transfer {
    void run(long bytes) throws Exception;
  }

  private Throughput() {}

  /** Runs warm-up transfers, then {@code trials} timed ones; returns the median in MB/s. */
  public static double measure(Transfer transfer, long bytes, int warmups, int trials) throws Exception {
    for (int i = 0; i < warmups; i++) {
      transfer.run(bytes);
    }
    double[] mbps = new double[trials];
    for (int i = 0; i < trials; i++) {
      long start = System.nanoTime();
      transfer.run(bytes);
      double seconds = (System.nanoTime() - start) / 1e9;
      mbps[i] = bytes / 1e6 / seconds;
    }
    Arrays.sort(mbps);
    return mbps[trials / 2];
  }

  public static String format(double mbps) {
    return String.format(Locale.ROOT, "%8.1f MB/s", mbps);
  }
}
