package dev.qtalk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import dev.qtalk.quic.SelfSignedCertificate;
import dev.qtalk.rpc.Call;
import dev.qtalk.rpc.Handlers;
import dev.qtalk.rpc.Peer;
import dev.qtalk.rpc.RemoteException;
import dev.qtalk.rpc.Responder;
import dev.qtalk.rpc.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qtalk demo}: an rpc server and client in one process over a real loopback connection
 * (QUIC by default):
 * unary calls, a bound object, a remote error, a stream of values, and a call back from the server
 * to the client over the same session.
 */
@Command(name = "demo", description = "Start an rpc server and client and show a few calls, including a stream.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--uri", defaultValue = "quic://127.0.0.1:0",
      description = "Where the server listens, any scheme (default ${DEFAULT-VALUE}).")
  URI uri;

  /** A service bound by reflection: each public method is a handler, arguments arrive positionally. */
  public static final class Calculator {
    public int add(int a, int b) {
      return a + b;
    }

    public double divide(double a, double b) {
      if (b == 0) {
        throw new ArithmeticException("division by zero");
      }
      return a / b;
    }
  }

  @Override
  public Integer call() throws Exception {
    // TLS-based schemes (quic, qmux+tls, qmux+wss) need a certificate: the server presents a
    // fresh self-signed one and the client trusts exactly it. Other schemes ignore these options.
    SelfSignedCertificate cert = SelfSignedCertificate.create();
    Options serverOptions = Options.of(StandardOptions.TLS_KEY_MANAGER, cert.keyManagerFactory());
    Options clientOptions = Options.of(StandardOptions.TLS_TRUST_MANAGER, cert.trustManagerFactory());
    try (SessionListener listener = Transports.listen(uri, serverOptions)) {
      say("server", "listening on " + listener.uri() + " with a self-signed certificate");
      CompletableFuture<Peer> server = CompletableFuture.supplyAsync(() -> serve(listener));
      try (Session session = Transports.connect(listener.uri(), clientOptions)) {
        Peer client = Peer.of(session);
        client.handle("whoami", (r, c) -> r.reply("the demo client, reached by a call back"));
        client.start();
        say("client", "connected to " + session.remoteAddress() + " over " + uri.getScheme());

        say("client", "call greet(\"ada\")");
        say("client", "  -> " + client.call("greet", "ada", String.class));

        say("client", "call math.add([2, 40])");
        say("client", "  -> " + client.call("math.add", List.of(2, 40), Integer.class));

        say("client", "call math.divide([1, 0])");
        try {
          client.call("math.divide", List.of(1, 0));
        } catch (RemoteException e) {
          say("client", "  -> remote error: " + e.getMessage());
        }

        say("client", "call count(5): a stream");
        try (Response stream = client.client().invoke("count", 5)) {
          say("client", "  -> " + stream.value() + " (continued: " + stream.continued() + ")");
          for (Optional<JsonNode> v; (v = stream.next()).isPresent(); ) {
            say("client", "  -> streamed " + v.get());
          }
          say("client", "  -> end of stream");
        }

        say("client", "call ask(): the server calls the client back");
        say("client", "  -> " + client.call("ask", null, String.class));
      }
      server.join().close();
      say("client", "done");
    }
    return 0;
  }

  private static Peer serve(SessionListener listener) {
    try {
      Peer peer = Peer.of(listener.accept());
      peer.handle("greet", (r, c) -> r.reply("hello, " + c.receive(String.class)));
      peer.handle("math/", Handlers.from(new Calculator()));
      peer.handle("count", DemoCommand::count);
      peer.handle("ask", (r, c) -> {
        String answer = c.caller().call("whoami", null, String.class);
        say("server", "ask: the client says it is \"" + answer + "\"");
        r.reply("you are " + answer);
      });
      say("server", "serving greet, math.add, math.divide, count and ask");
      peer.start();
      return peer;
    } catch (Exception e) {
      throw new IllegalStateException("server failed", e);
    }
  }

  /** Replies "counting", then streams 1..n on the same channel and ends it. */
  private static void count(Responder r, Call c) throws Exception {
    int n = c.receive(Integer.class);
    r.continueWith("counting to " + n);
    for (int i = 1; i <= n; i++) {
      r.send(i);
    }
    say("server", "count: sent " + n + " values");
  }

  private static synchronized void say(String who, String what) {
    System.out.printf("%-6s %s%n", who, what);
  }
}
