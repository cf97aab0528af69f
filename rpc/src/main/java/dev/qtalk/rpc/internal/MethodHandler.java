package dev.qtalk.rpc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.rpc.Call;
import dev.qtalk.rpc.Handler;
import dev.qtalk.rpc.Responder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** One Java method as a handler, with the positional-array argument convention. */
public final class MethodHandler implements Handler {
  private final Object target;
  private final Method method;
  private final Type[] params;
  private final boolean injectsCall;
  private final boolean raw;

  private MethodHandler(Object target, Method method) {
    this.target = target;
    this.method = method;
    Class<?>[] types = method.getParameterTypes();
    this.raw = types.length == 2 && types[0] == Responder.class && types[1] == Call.class;
    this.injectsCall = !raw && types.length > 0 && types[types.length - 1] == Call.class;
    this.params = method.getGenericParameterTypes();
    method.trySetAccessible(); // public methods of exported packages work without it
  }

  public static MethodHandler of(Object target, Method method) {
    return new MethodHandler(target, method);
  }

  @Override
  public void respond(Responder responder, Call call) throws Exception {
    if (raw) {
      invoke(responder, call);
      return;
    }
    int wanted = params.length - (injectsCall ? 1 : 0);
    JsonNode args = call.next().orElse(null);
    int got = args == null || args.isNull() ? 0 : args.isArray() ? args.size() : -1;
    if (got < 0) {
      responder.error("fn: expected an array of " + wanted + " params, got " + args.getNodeType());
      return;
    }
    if (got != wanted) {
      responder.error("fn: expected " + wanted + " params, got " + got);
      return;
    }
    Object[] values = new Object[params.length];
    for (int i = 0; i < wanted; i++) {
      try {
        values[i] = call.codec().convert(args.get(i), params[i]);
      } catch (java.io.IOException e) {
        responder.error("fn: param " + i + ": " + e.getMessage());
        return;
      }
    }
    if (injectsCall) {
      values[params.length - 1] = call;
    }
    Object result = invoke(values);
    if (result instanceof CompletionStage<?> stage) {
      try {
        result = stage.toCompletableFuture().get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception ex ? ex : e;
      }
    }
    if (!responder.responded()) {
      responder.reply(result);
    }
  }

  private Object invoke(Object... values) throws Exception {
    try {
      return method.invoke(target, values);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }
}
