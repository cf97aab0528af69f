package dev.qtalk.tck;

import org.assertj.core.api.Assertions;

/**
 * A reproducible byte stream: byte {@code i} is a function of the seed and {@code i} alone, so a
 * receiver checks every byte at any offset without keeping a copy, and a mismatch names its offset.
 */
final class SeededBytes {
  private final long seed;

  SeededBytes(long seed) {
    this.seed = seed;
  }

  /** The byte at stream offset {@code i}. */
  byte at(long i) {
    long block = mix(seed ^ (i >>> 3) * 0x9E3779B97F4A7C15L);
    return (byte) (block >>> ((i & 7) * 8));
  }

  /** Fills {@code dst[off, off+len)} with the stream's bytes from {@code streamOffset}. */
  void fill(byte[] dst, int off, int len, long streamOffset) {
    long block = 0;
    for (int k = 0; k < len; k++) {
      long i = streamOffset + k;
      if (k == 0 || (i & 7) == 0) {
        block = mix(seed ^ (i >>> 3) * 0x9E3779B97F4A7C15L);
      }
      dst[off + k] = (byte) (block >>> ((i & 7) * 8));
    }
  }

  byte[] bytes(long streamOffset, int len) {
    byte[] b = new byte[len];
    fill(b, 0, len, streamOffset);
    return b;
  }

  /** Fails with the first differing offset. */
  void verify(byte[] got, int off, int len, long streamOffset) {
    long block = 0;
    for (int k = 0; k < len; k++) {
      long i = streamOffset + k;
      if (k == 0 || (i & 7) == 0) {
        block = mix(seed ^ (i >>> 3) * 0x9E3779B97F4A7C15L);
      }
      byte want = (byte) (block >>> ((i & 7) * 8));
      if (got[off + k] != want) {
        Assertions.fail(
            "byte " + (streamOffset + k) + " of the stream is " + (got[off + k] & 0xff)
                + " (expected: " + (want & 0xff) + ", seed " + seed + ")");
      }
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
