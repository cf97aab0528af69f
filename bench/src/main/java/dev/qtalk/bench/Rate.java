package dev.qtalk.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Operations per second and latency percentiles of {@code callers} virtual threads each doing one
 * operation after another for a while.
 */
public final class Rate {
  /** One operation (a call, a channel's open and close). */
  @FunctionalInterface
  public interface Op {
    void run() throws Exception;
  }

  /** Operations per second and latency percentiles in microseconds. */
  public record Figures(double perSecond, double p50Micros, double p99Micros) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%9.0f/s  p50 %8.1f us  p99 %8.1f us", perSecond, p50Micros, p99Micros);
    }
  }

  private Rate() {}

  public static Figures measure(Op op, int callers, Duration run) throws Exception {
    long end = System.nanoTime() + run.toNanos();
    long[][] latencies = new long[callers][];
    int[] counts = new int[callers];
    long started = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?>[] done = new Future<?>[callers];
      for (int t = 0; t < callers; t++) {
        int me = t;
        done[t] = pool.submit(() -> {
          long[] lat = new long[1024];
          int n = 0;
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            op.run();
            long dt = System.nanoTime() - t0;
            if (n == lat.length) {
              lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = dt;
          }
          latencies[me] = lat;
          counts[me] = n;
          return null;
        });
      }
      try {
        for (Future<?> f : done) {
          // generous: one operation that never returns must fail the run, not hang it
          f.get(run.toSeconds() + 60, TimeUnit.SECONDS);
        }
      } catch (java.util.concurrent.TimeoutException e) {
        pool.shutdownNow();
        throw new IllegalStateException("an operation did not return within " + (run.toSeconds() + 60) + " s", e);
      } catch (java.util.concurrent.ExecutionException e) {
        pool.shutdownNow();
        throw new IllegalStateException("an operation failed: " + e.getCause(), e.getCause());
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    int total = Arrays.stream(counts).sum();
    if (total == 0) {
      throw new IllegalStateException("no operation completed in " + run);
    }
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < callers; t++) {
      System.arraycopy(latencies[t], 0, all, at, counts[t]);
      at += counts[t];
    }
    Arrays.sort(all);
    return new Figures(total / seconds, all[total / 2] / 1e3, all[Math.min(total - 1, (int) (total * 0.99))] / 1e3);
  }
}
