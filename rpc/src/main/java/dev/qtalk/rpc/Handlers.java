package dev.qtalk.rpc;

import dev.qtalk.rpc.internal.MethodHandler;
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
    Objects.requireNonNull(target, "target");
    Method[] methods =
        Arrays.stream(target.getClass().getMethods())
            .filter(m -> m.getDeclaringClass() != Object.class)
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .toArray(Method[]::new);
    return bind(target, methods, RespondMux.create());
  }

  /** A mux with one handler per method of the interface {@code api}, calling {@code target}. */
  public static <T> RespondMux from(T target, Class<? super T> api) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(api, "api");
    if (!api.isInterface()) {
      throw new IllegalArgumentException("api: " + api.getName() + " (expected: an interface)");
    }
    Method[] methods =
        Arrays.stream(api.getMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .toArray(Method[]::new);
    return bind(target, methods, RespondMux.create());
  }

  /** A handler that calls one method of {@code target}. */
  public static Handler method(Object target, Method method) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(method, "method");
    return MethodHandler.of(target, method);
  }

  private static RespondMux bind(Object target, Method[] methods, RespondMux mux) {
    Set<String> seen = new HashSet<>();
    for (Method m : methods) {
      if (!seen.add(m.getName())) {
        throw new IllegalArgumentException(
            "method " + m.getName() + " is overloaded (expected: one public method per name)");
      }
    }
    for (Method m : methods) {
      mux.handle(m.getName(), MethodHandler.of(target, m));
    }
    return mux;
  }
}
