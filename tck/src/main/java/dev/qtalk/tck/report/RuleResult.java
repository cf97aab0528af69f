package dev.qtalk.tck.report;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one rule in one run.
 *
 * @param rule the rule id ({@code "DI-2"}), or the test's name when it has none
 * @param title the rest of the display name
 * @param suite the group's display name ({@code "DI data integrity"})
 * @param kind required, optional or stochastic (from the test's tags)
 * @param status PASS, FAIL or SKIP
 * @param reason why it was skipped or how it failed (the first line of the message); empty on a pass
 * @param millis how long it ran
 * @param notes figures the rule published (a pass rate, a throughput)
 *
 * @since 0.1
 */
public record RuleResult(
    String rule,
    String title,
    String suite,
    Kind kind,
    Status status,
    String reason,
    long millis,
    Map<String, String> notes) {

  public RuleResult {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
    notes = Map.copyOf(notes);
  }

  /** How a rule counts towards certification. */
  public enum Kind {
    /** Every transport must pass it. */
    REQUIRED,
    /** Runs only when the transport declares the capability it needs. */
    OPTIONAL,
    /** Repeated; the pass rate is reported, and it must pass every repetition by default. */
    STOCHASTIC
  }

  public enum Status {
    PASS,
    FAIL,
    SKIP
  }
}
