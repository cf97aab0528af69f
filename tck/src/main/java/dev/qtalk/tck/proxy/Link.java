package dev.qtalk.tck.proxy;

import java.time.Duration;

/**
 * What a fault proxy does to the bytes or datagrams it forwards. Every proxy starts in {@link
 * #forward()}; a rule switches it while the pair runs.
 *
 * @param stalled nothing is forwarded (and, over TCP, nothing read), but connections stay open
 * @param bytesPerSecond a bandwidth limit per direction, or 0 for none
 * @param latency a delay added to everything forwarded, per direction
 *
 * @since 0.1
 */
public record Link(boolean stalled, long bytesPerSecond, Duration latency) {
  public Link {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bytesPerSecond: " + bytesPerSecond + " (expected: >= 0)");
    }
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency: " + latency + " (expected: >= 0)");
    }
  }

  /** Everything forwarded at once. */
  public static Link forward() {
    return new Link(false, 0, Duration.ZERO);
  }

  /** Nothing forwarded. */
  public static Link stall() {
    return new Link(true, 0, Duration.ZERO);
  }

  /** A slow path: {@code bytesPerSecond} each way, {@code latency} added. */
  public static Link slow(long bytesPerSecond, Duration latency) {
    return new Link(false, bytesPerSecond, latency);
  }

  /** How long {@code n} bytes take at this link's bandwidth, in nanoseconds. */
  long transmitNanos(int n) {
    return bytesPerSecond == 0 ? 0 : n * 1_000_000_000L / bytesPerSecond;
  }
}
