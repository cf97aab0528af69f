package dev.qtalk.rpc.internal;

import dev.qtalk.rpc.Selector;
import dev.qtalk.rpc.SelectorNaming;
import java.lang.reflect.Method;

/** The selector of a Java method: its {@link Selector} annotation, else its name under a naming. */
public final class MethodSelectors {
  private MethodSelectors() {}

  public static String of(Method method, SelectorNaming naming) {
    Selector s = method.getAnnotation(Selector.class);
    if (s == null) {
      return naming.selectorFor(method.getName());
    }
    if (s.value().isBlank()) {
      throw new IllegalArgumentException("@Selector on " + method.getDeclaringClass().getName() + "."
          + method.getName() + ": blank (expected: a selector such as \"Upper\")");
    }
    return s.value();
  }
}
