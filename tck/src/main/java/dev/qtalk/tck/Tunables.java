package dev.qtalk.tck;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kit's system properties and the values this run uses, for reports and for tck/README.md.
 *
 * @since 0.1
 */
public final class Tunables {
  private Tunables() {}

  /** Property name to effective value. */
  public static Map<String, String> effective() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("qtalk.tck.bulkBytes", String.valueOf(DataRules.BULK));
    m.put("qtalk.tck.cycles", String.valueOf(OpenAcceptRules.CYCLES));
    m.put("qtalk.tck.cycleSeconds", String.valueOf(OpenAcceptRules.CYCLE_SECONDS));
    m.put("qtalk.tck.channels", String.valueOf(ConcurrencyRules.CHANNELS));
    m.put("qtalk.tck.repeat", String.valueOf(ConcurrencyRules.REPEAT));
    m.put("qtalk.tck.promptSeconds", String.valueOf(RuleSuite.PROMPT.toSeconds()));
    m.put("qtalk.tck.longSeconds", String.valueOf(RuleSuite.LONG.toSeconds()));
    m.put("qtalk.tck.windowSlack", String.valueOf(FlowControlRules.SLACK));
    m.put("qtalk.tck.stallBound", String.valueOf(FlowControlRules.STALL_BOUND));
    m.put("qtalk.tck.fdSlack", String.valueOf(Resources.FD_SLACK));
    m.put("qtalk.tck.settleSeconds", String.valueOf(ResourceRules.SETTLE.toSeconds()));
    return m;
  }
}
