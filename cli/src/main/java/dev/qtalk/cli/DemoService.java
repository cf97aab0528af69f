package dev.qtalk.cli;

import dev.qtalk.rpc.Call;
import dev.qtalk.rpc.Handlers;
import dev.qtalk.rpc.ReplyException;
import dev.qtalk.rpc.Responder;
import dev.qtalk.rpc.RespondMux;

/**
 * The service of {@code qtalk demo} and {@code qtalk serve}: {@code echo}, {@code greet}, {@code
 * math.add}, {@code math.divide} and the stream {@code count}.
 */
final class DemoService {
  private DemoService() {}

  /** A service bound by reflection: each public method is a handler, arguments arrive positionally. */
  public static final class Calculator {
    public int add(int a, int b) {
      return a + b;
    }

    public double divide(double a, double b) {
      if (b == 0) {
        throw new ReplyException("division by zero"); // text the caller may see
      }
      return a / b;
    }
  }

  /** The selectors {@link #register} serves, for messages. */
  static final String SELECTORS = "echo, greet, math.add, math.divide and count";

  /** Adds the demo handlers to {@code mux}; returns it. */
  static RespondMux register(RespondMux mux) {
    mux.handle("echo", (r, c) -> r.reply(c.receive()));
    mux.handle("greet", (r, c) -> r.reply("hello, " + c.receive(String.class)));
    mux.handle("math/", Handlers.from(new Calculator()));
    mux.handle("count", DemoService::count);
    return mux;
  }

  /** Replies "counting to n", then streams 1..n on the same channel and ends it. */
  static void count(Responder r, Call c) throws Exception {
    int n = c.receive(Integer.class);
    r.continueWith("counting to " + n);
    for (int i = 1; i <= n; i++) {
      r.send(i);
    }
  }
}
