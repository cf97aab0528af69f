package dev.qtalk.rpc;

import java.util.Locale;
import java.util.Objects;

/**
 * How {@link Client#proxy} and {@link Handlers#from} turn a Java method name into a selector, for
 * methods without a {@link Selector} annotation.
 *
 * <ul>
 *   <li>{@link #AS_IS}: the method name ({@code upper}), the default;
 *   <li>{@link #LOWER_CAMEL}: the first letter lower-cased ({@code Upper} becomes {@code upper}),
 *       as JavaScript peers name functions (and {@code @progrium/duplex} lower-cases selectors);
 *   <li>{@link #GO_EXPORTED}: the first letter upper-cased ({@code upper} becomes {@code Upper}),
 *       as qtalk-go's {@code fn.HandlerFrom} registers a struct's exported methods.
 * </ul>
 *
 * @since 0.1
 */
public enum SelectorNaming {
  AS_IS,
  LOWER_CAMEL,
  GO_EXPORTED;

  /** The selector of a method named {@code methodName}. */
  public String selectorFor(String methodName) {
    Objects.requireNonNull(methodName, "methodName");
    if (methodName.isEmpty() || this == AS_IS) {
      return methodName;
    }
    String first = methodName.substring(0, 1);
    String rest = methodName.substring(1);
    return (this == GO_EXPORTED ? first.toUpperCase(Locale.ROOT) : first.toLowerCase(Locale.ROOT)) + rest;
  }
}
