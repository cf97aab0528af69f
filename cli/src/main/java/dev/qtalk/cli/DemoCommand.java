package dev.qtalk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.TransportNotFoundException;
import dev.qtalk.Transports;
import dev.qtalk.quic.SelfSignedCertificate;
import dev.qtalk.rpc.Peer;
import dev.qtalk.rpc.RemoteException;
import dev.qtalk.rpc.RespondMux;
import dev.qtalk.rpc.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qtalk demo}: an rpc server and client in one process over a real loopback connection
 * (QUIC by default):
 * unary calls, a bound object, a remote error, a stream of values, and a call back from the server
 * to the client over the same session.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start an rpc server and client and show a few calls, including a stream.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  qtalk demo                                  over QUIC (qmux+tcp where QUIC cannot load)",
      "  qtalk demo --uri qmux+ws://127.0.0.1:0      the same calls over WebSocket"
    })
final class DemoCommand implements Callable<Integer> {
  static final URI QUIC = URI.create("quic://127.0.0.1:0");
  static final URI FALLBACK = URI.create("qmux+tcp://127.0.0.1:0");

  @Option(names = "--uri",
      description = {"Where the server listens, any scheme (default quic://127.0.0.1:0, or",
          "qmux+tcp://127.0.0.1:0 where QUIC's native library is not available)."})
  URI uri;

  @Mixin OptionsMixin transportOptions;
  @Mixin ExitCodeHelp exitCodes;

  @Override
  public Integer call() throws Exception {
    // TLS-based schemes (quic, qmux+tls, qmux+wss) need a certificate: the server presents a
    // fresh self-signed one and the client trusts exactly it. Other schemes do not take them.
    if (uri == null) {
      uri = quicOrFallback();
    }
    SelfSignedCertificate cert = SelfSignedCertificate.create();
    Options serverOptions = transportOptions.on(uri,
        OptionsMixin.supported(uri, Options.of(StandardOptions.TLS_KEY_MANAGER, cert.keyManagerFactory())));
    Options clientOptions = transportOptions.on(uri,
        OptionsMixin.supported(uri, Options.of(StandardOptions.TLS_TRUST_MANAGER, cert.trustManagerFactory())));
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

  /** QUIC where its native library loads; qmux+tcp with a one-line notice elsewhere. */
  static URI quicOrFallback() {
    try {
      Transports.provider(QUIC);
      return QUIC;
    } catch (TransportNotFoundException e) {
      System.err.println("notice: QUIC is not available on this platform (" + System.getProperty("os.name")
          + " " + System.getProperty("os.arch") + "); running the demo over qmux+tcp instead");
      return FALLBACK;
    }
  }

  private static Peer serve(SessionListener listener) {
    try {
      Peer peer = Peer.builder(listener.accept()).mux(DemoService.register(RespondMux.create())).build();
      peer.handle("ask", (r, c) -> {
        String answer = c.caller().call("whoami", null, String.class);
        say("server", "ask: the client says it is \"" + answer + "\"");
        r.reply("you are " + answer);
      });
      say("server", "serving " + DemoService.SELECTORS.replace(" and ", ", ") + " and ask");
      peer.start();
      return peer;
    } catch (Exception e) {
      throw new IllegalStateException("server failed", e);
    }
  }

  private static synchronized void say(String who, String what) {
    System.out.printf("%-6s %s%n", who, what);
  }
}
