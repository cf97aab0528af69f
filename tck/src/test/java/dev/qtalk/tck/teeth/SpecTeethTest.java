package dev.qtalk.tck.teeth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.tck.SpecTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** SPEC.md's "shown failing by" column says, for each channel rule, what {@link TeethTest} asserts. */
class SpecTeethTest {

  @Test
  void theSpecNamesTheFaultsThatFailEachRule() throws Exception {
    Map<String, List<String>> expected = new TreeMap<>();
    TeethTest.faults().forEach(a -> {
      String fault = name((Class<?>) a.get()[0]);
      for (Object rule : (List<?>) a.get()[1]) {
        expected.computeIfAbsent((String) rule, r -> new ArrayList<>()).add(fault);
      }
    });
    // RL-5 looks at the whole run: TeethTest.wholeRunCensusCatchesALeakOtherRulesCause
    expected.computeIfAbsent("RL-5", r -> new ArrayList<>()).add(name(StressFaults.LeaksThreadPerAbort.class));
    expected.replaceAll((rule, faults) -> faults.stream().sorted().toList());

    Map<String, List<String>> spec =
        SpecTable.shownFailingBy().entrySet().stream()
            .filter(e -> !e.getKey().startsWith("RPC-"))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, TreeMap::new));
    assertThat(spec).as("channel rules in SPEC.md").isNotEmpty();
    assertThat(spec.values()).as("every rule is shown failing by something").allMatch(f -> !f.isEmpty());
    assertThat(spec).isEqualTo(expected);
  }

  private static String name(Class<?> fault) {
    return fault.getEnclosingClass().getSimpleName() + "." + fault.getSimpleName();
  }
}
