package dev.qtalk.bench;

import java.util.Locale;

/** A goal for a same-run ratio (qtalk / baseline): at least or at most {@code value}. */
public record Target(boolean atLeast, double value) {
  /** No goal: the ratio is reported only. */
  public static final Target NONE = new Target(true, Double.NaN);

  public static Target atLeast(double value) {
    return new Target(true, value);
  }

  public static Target atMost(double value) {
    return new Target(false, value);
  }

  public boolean defined() {
    return !Double.isNaN(value);
  }

  public boolean met(double ratio) {
    return !defined() || (atLeast ? ratio >= value : ratio <= value);
  }

  @Override
  public String toString() {
    return defined() ? String.format(Locale.ROOT, "%s %.2f", atLeast ? ">=" : "<=", value) : "-";
  }
}
