package dev.qtalk.bench;

import java.util.Locale;

/**
 * One scenario's figure beside its baseline, both measured in the same run, and their ratio
 * ({@code qtalk / baseline}, of medians of paired trials where the scenario has trials).
 *
 * @param group the table section ("bulk", "rpc unary", ...)
 * @param scenario what qtalk did
 * @param unit the unit of both figures
 * @param qtalk qtalk's figure
 * @param baselineName what the baseline is
 * @param baseline the baseline's figure
 * @param ratio qtalk / baseline
 * @param target the goal for the ratio
 */
public record Result(
    String group, String scenario, String unit, double qtalk, String baselineName, double baseline,
    double ratio, Target target) {

  /** The ratio of two figures measured once each. */
  public static Result of(String group, String scenario, String unit, double qtalk, String baselineName,
      double baseline, Target target) {
    return new Result(group, scenario, unit, qtalk, baselineName, baseline, qtalk / baseline, target);
  }

  public boolean complete() {
    return Double.isFinite(qtalk) && qtalk > 0 && Double.isFinite(baseline) && baseline > 0
        && Double.isFinite(ratio) && ratio > 0;
  }

  public boolean met() {
    return target.met(ratio);
  }

  static String figure(double v) {
    if (!Double.isFinite(v)) {
      return String.valueOf(v);
    }
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
