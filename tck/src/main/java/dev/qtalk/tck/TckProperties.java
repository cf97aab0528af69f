package dev.qtalk.tck;

/** The kit's tunables, read from system properties (documented in tck/README.md). */
final class TckProperties {
  private TckProperties() {}

  static int intValue(String name, int defaultValue) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.trim().replace("_", ""));
      if (n <= 0) {
        throw new IllegalArgumentException(name + ": " + v + " (expected: > 0)");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": " + v + " (expected: a positive integer)", e);
    }
  }

  /** A byte count, with an optional K, M or G suffix (powers of 1024). */
  static long bytes(String name, long defaultValue) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    String s = v.trim().toUpperCase(java.util.Locale.ROOT);
    long unit = 1;
    char last = s.charAt(s.length() - 1);
    if (last == 'K' || last == 'M' || last == 'G') {
      unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = Long.parseLong(s) * unit;
      if (n <= 0) {
        throw new IllegalArgumentException(name + ": " + v + " (expected: > 0)");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": " + v + " (expected: a byte count like 64M)", e);
    }
  }
}
