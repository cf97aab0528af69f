package dev.qtalk.rpc.internal;

import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Response;
import dev.qtalk.rpc.SelectorNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The invocation handler behind {@link Client#proxy}. */
public final class ClientProxy implements InvocationHandler {
  private final Client client;
  private final Class<?> api;
  private final String prefix;
  private final Map<Method, String> selectors;

  private ClientProxy(Client client, Class<?> api, String prefix, Map<Method, String> selectors) {
    this.client = client;
    this.api = api;
    this.prefix = prefix;
    this.selectors = selectors;
  }

  public static <T> T create(Client client, Class<T> api, String prefix, SelectorNaming naming) {
    if (!api.isInterface()) {
      throw new IllegalArgumentException("api: " + api.getName() + " (expected: an interface)");
    }
    Map<Method, String> selectors = new HashMap<>();
    for (Method m : api.getMethods()) {
      if (!m.isDefault() && !Modifier.isStatic(m.getModifiers())) {
        String name = MethodSelectors.of(m, naming);
        selectors.put(m, prefix.isEmpty() ? name : prefix + "." + name);
      }
    }
    return api.cast(Proxy.newProxyInstance(
        api.getClassLoader(), new Class<?>[] {api}, new ClientProxy(client, api, prefix, Map.copyOf(selectors))));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "rpc proxy of " + api.getName() + " at '" + prefix + "' over " + client.session();
      };
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    String selector = selectors.get(method);
    Object[] params = args == null ? new Object[0] : args;
    Type returns = method.getGenericReturnType();
    if (method.getReturnType() == CompletableFuture.class) {
      Type inner =
          returns instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
      return client
          .invokeAsync(selector, params)
          .thenApply(
              r -> {
                try {
                  return convert(r, inner);
                } catch (IOException e) {
                  throw new CompletionException(e);
                }
              });
    }
    try {
      try (Response r = client.invoke(selector, params)) {
        return convert(r, returns);
      }
    } catch (IOException e) {
      for (Class<?> declared : method.getExceptionTypes()) {
        if (declared.isInstance(e)) {
          throw e;
        }
      }
      throw new UncheckedIOException(e);
    }
  }

  private static Object convert(Response r, Type type) throws IOException {
    if (type == void.class || type == Void.class) {
      return null;
    }
    Object v = r.codec().convert(r.value(), type);
    if (v == null && type instanceof Class<?> c && c.isPrimitive()) {
      throw new IOException("reply to " + r.selector() + ": null (expected: a " + c.getName() + ")");
    }
    return v;
  }
}
