package dev.qtalk.rpc;

import dev.qtalk.rpc.internal.MethodHandler;
import dev.qtalk.rpc.internal.MethodSelectors;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Handlers made from plain Java methods, with the function convention of qtalk-go's {@code
 * fn.HandlerFrom} and duplex's {@code handlerFrom}: the argument is an array of the positional
 * parameters ({@code "fn: expected N params, got M"} otherwise), the return value is the reply
 * ({@code null} for void), and a thrown exception becomes the remote error. A trailing {@link Call}
 * parameter is injected, not sent. A method taking exactly {@code (Responder, Call)} is used as a
 * {@link Handler} as it is.
 *
 * <p>Each method is registered under its {@link Selector} annotation, else its name as a {@link
 * SelectorNaming} gives it ({@link SelectorNaming#AS_IS} unless told otherwise): {@code
 * Handlers.from(impl, Api.class, SelectorNaming.GO_EXPORTED)} serves {@code upper} as {@code Upper},
 * where a qtalk-go client calls it.
 *
 * @since 0.1
 */
public final class Handlers {
  private Handlers() {}

  /**
   * A mux with one handler per public method of {@code target}'s class (methods of {@link Object}
   * excluded), each under its method name. Mount it with {@code mux.handle("name", ...)}.
   *
   * @throws IllegalArgumentException if two public methods share a name
   */
  public static RespondMux from(Object target) {
    return from(target, SelectorNaming.AS_IS);
  }

  /** {@link #from(Object)} with the selectors that {@code naming} gives. */
  public static RespondMux from(Object target, SelectorNaming naming) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(naming, "naming");
    Method[] methods =
        Arrays.stream(target.getClass().getMethods())
            .filter(m -> m.getDeclaringClass() != Object.class)
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .toArray(Method[]::new);
    return bind(target, methods, naming, RespondMux.create());
  }

  /** A mux with one handler per method of the interface {@code api}, calling {@code target}. */
  public static <T> RespondMux from(T target, Class<? super T> api) {
    return from(target, api, SelectorNaming.AS_IS);
  }

  /** {@link #from(Object, Class)} with the selectors that {@code naming} gives. */
  public static <T> RespondMux from(T target, Class<? super T> api, SelectorNaming naming) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(naming, "naming");
    if (!api.isInterface()) {
      throw new IllegalArgumentException("api: " + api.getName() + " (expected: an interface)");
    }
    Method[] methods =
        Arrays.stream(api.getMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .toArray(Method[]::new);
    return bind(target, methods, naming, RespondMux.create());
  }

  /** A handler that calls one method of {@code target}. */
  public static Handler method(Object target, Method method) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(method, "method");
    return MethodHandler.of(target, method);
  }

  private static RespondMux bind(Object target, Method[] methods, SelectorNaming naming, RespondMux mux) {
    Set<String> seen = new HashSet<>();
    for (Method m : methods) {
      if (!seen.add(m.getName())) {
        throw new IllegalArgumentException(
            "method " + m.getName() + " is overloaded (expected: one public method per name)");
      }
    }
    Set<String> selectors = new HashSet<>();
    for (Method m : methods) {
      String selector = MethodSelectors.of(m, naming);
      if (!selectors.add(selector)) {
        throw new IllegalArgumentException("selector " + selector + " of method " + m.getName()
            + " is taken by another method (expected: one method per selector)");
      }
      mux.handle(selector, MethodHandler.of(target, m));
    }
    return mux;
  }
}
