package dev.qtalk.tck.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The certification of one transport by one run of the kit.
 *
 * @param transport the transport's name
 * @param capabilities what it declared
 * @param environment the JVM, the machine and the kit's tunables
 * @param started when the run started
 * @param results one per rule, in the order they ran
 *
 * @since 0.1
 */
public record CertificationReport(
    String transport,
    String capabilities,
    Map<String, String> environment,
    Instant started,
    List<RuleResult> results) {

  public CertificationReport {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(capabilities, "capabilities");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(started, "started");
    results = List.copyOf(results);
  }

  /** True when every required and stochastic rule passed (optional rules may pass or skip). */
  public boolean certified() {
    return results.stream()
        .allMatch(
            r ->
                r.status() == RuleResult.Status.PASS
                    || (r.kind() == RuleResult.Kind.OPTIONAL && r.status() == RuleResult.Status.SKIP));
  }

  public long count(RuleResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  /** Required (and stochastic) rules: how many there are and how many passed. */
  public String requiredSummary() {
    long total = results.stream().filter(r -> r.kind() != RuleResult.Kind.OPTIONAL).count();
    long passed =
        results.stream()
            .filter(r -> r.kind() != RuleResult.Kind.OPTIONAL && r.status() == RuleResult.Status.PASS)
            .count();
    return passed + "/" + total;
  }
}
