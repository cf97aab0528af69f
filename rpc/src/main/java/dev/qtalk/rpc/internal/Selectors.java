package dev.qtalk.rpc.internal;

import java.util.Locale;

/** Selector normalisation as qtalk-go's {@code RespondMux} does it. */
public final class Selectors {
  private Selectors() {}

  /**
   * The canonical form of {@code selector}: a leading {@code /}, and every {@code .} replaced by
   * {@code /}; the empty selector becomes {@code /}. With {@code ignoreCase}, also lower-cased (as
   * duplex servers match).
   */
  public static String clean(String selector, boolean ignoreCase) {
    String s = selector == null || selector.isEmpty() ? "/" : selector;
    if (s.charAt(0) != '/') {
      s = "/" + s;
    }
    s = s.replace('.', '/');
    return ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
  }
}
