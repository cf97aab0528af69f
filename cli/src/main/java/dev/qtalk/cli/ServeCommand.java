package dev.qtalk.cli;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import dev.qtalk.qmux.WebSocketOptions;
import dev.qtalk.quic.SelfSignedCertificate;
import dev.qtalk.rpc.Handlers;
import dev.qtalk.rpc.RespondMux;
import dev.qtalk.rpc.Server;
import dev.qtalk.rpc.interop.InteropService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qtalk serve URI}: listens on any scheme and serves the demo service (or the interop
 * service, or raw echo) on every session until stopped.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the demo service (or interop, echo, your handlers) at URI until stopped (Ctrl-C).",
      "By default the rpc demo service: echo, greet, math.add, math.divide and the stream count.",
      "TLS schemes (quic, qmux+tls, qmux+wss) present a fresh self-signed certificate unless one is given."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  qtalk serve qmux+tcp://127.0.0.1:7000",
      "  qtalk serve quic://127.0.0.1:7443 --certificate-out server.pem",
      "  qtalk serve qmux+tls://0.0.0.0:7443 -o cert=chain.pem -o key=key.pem",
      "  qtalk serve qmux+ws://127.0.0.1:8080/qtalk --static ./site     (a page and its server, one origin)",
      "  qtalk serve qmux+tcp://127.0.0.1:7000 --handlers com.example.Calc   (calc.METHOD for each public method)",
      "  qtalk serve qmux+unix:///tmp/q.sock --echo                     (every channel echoes its bytes)"
    })
final class ServeCommand implements Callable<Integer> {
  private static final Set<String> TLS_SCHEMES = Set.of("quic", "qmux+tls", "qmux+wss");

  @Parameters(index = "0", paramLabel = "URI", description = "Where to listen; port 0 picks a free port.")
  URI uri;

  @Option(names = "--static", paramLabel = "DIR",
      description = "Also serve the files of DIR over HTTP on the same port (qmux+ws and qmux+wss only).")
  Path staticDir;

  @Option(names = "--echo", description = "Serve raw channels instead of rpc: every channel echoes what it reads.")
  boolean echo;

  @Option(names = "--interop", description = "Serve the interop service (for `qtalk check URI` of any implementation).")
  boolean interop;

  @Option(names = "--handlers", paramLabel = "[PREFIX=]CLASS", arity = "1..*",
      description = {"Also serve each public method of a new CLASS() under PREFIX.METHOD",
          "(PREFIX defaults to the class's simple name in lower case). CLASS must be on the class path."})
  List<String> handlers = new ArrayList<>();

  @Option(names = "--certificate-out", paramLabel = "FILE",
      description = "Write the self-signed certificate (PEM) here, for clients: -o trust=FILE.")
  Path certificateOut;

  @Mixin OptionsMixin transportOptions;
  @Mixin ExitCodeHelp exitCodes;

  @Override
  public Integer call() throws Exception {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (echo && (interop || !handlers.isEmpty())) {
      throw new IllegalArgumentException("--echo serves raw channels: it cannot be combined with --interop or --handlers");
    }
    Options options = transportOptions.on(uri, Options.defaults());
    if (staticDir != null) {
      if (!scheme.equals("qmux+ws") && !scheme.equals("qmux+wss")) {
        throw new IllegalArgumentException("--static " + staticDir + ": needs a qmux+ws:// or qmux+wss:// URI (got " + uri + ")");
      }
      if (!Files.isDirectory(staticDir)) {
        throw new IllegalArgumentException("--static " + staticDir + ": no such directory");
      }
      options = options.toBuilder().set(WebSocketOptions.STATIC_DIR, staticDir.toAbsolutePath()).build();
    }
    RespondMux mux = interop ? InteropService.mux() : DemoService.register(RespondMux.create());
    for (String spec : handlers) {
      bind(mux, spec);
    }
    if (TLS_SCHEMES.contains(scheme) && !options.isSet(StandardOptions.TLS_KEY_MANAGER)
        && !options.isSet(StandardOptions.TLS_CERTIFICATE_CHAIN)) {
      SelfSignedCertificate cert = uri.getHost() == null
          ? SelfSignedCertificate.create()
          : SelfSignedCertificate.create(uri.getHost(), "localhost", "127.0.0.1", "::1");
      options = options.toBuilder().set(StandardOptions.TLS_KEY_MANAGER, cert.keyManagerFactory()).build();
      String sha256 = HexFormat.ofDelimiter(":").formatHex(
          MessageDigest.getInstance("SHA-256").digest(cert.certificate().getEncoded()));
      System.out.println("self-signed certificate SHA-256 " + sha256);
      if (certificateOut != null) {
        Files.writeString(certificateOut, cert.certificatePem());
        System.out.println("certificate written to " + certificateOut + " (clients: -o trust=" + certificateOut + ")");
      }
    } else if (certificateOut != null) {
      throw new IllegalArgumentException("--certificate-out: " + uri + " presents no self-signed certificate (TLS schemes only: quic, qmux+tls, qmux+wss)");
    }
    SessionListener listener = Transports.listen(uri, options);
    Runtime.getRuntime().addShutdownHook(new Thread(listener::close, "qtalk-serve-shutdown"));
    System.out.println("listening on " + listener.uri());
    System.out.println(echo ? "serving raw echo on every channel"
        : "serving " + (interop ? "the interop service" : DemoService.SELECTORS)
            + (handlers.isEmpty() ? "" : " and " + String.join(", ", handlers)));
    System.out.flush();
    Server server = Server.of(mux);
    while (true) {
      Session session;
      try {
        session = listener.accept();
      } catch (SessionClosedException e) {
        return ExitCodes.OK;
      }
      Thread.ofVirtual().name("qtalk-serve " + session.remoteAddress()).start(() -> serve(server, session));
    }
  }

  private void serve(Server server, Session session) {
    try (session) {
      if (echo) {
        while (true) {
          Channel ch = session.accept();
          Thread.ofVirtual().name("qtalk-serve-echo").start(() -> echo(ch));
        }
      }
      server.respond(session);
    } catch (SessionClosedException e) {
      // the peer went away
    } catch (IOException e) {
      System.getLogger("dev.qtalk.cli").log(System.Logger.Level.INFO, "session ended: " + e.getMessage());
    }
  }

  private static void echo(Channel ch) {
    try (ch; InputStream in = ch.inputStream(); OutputStream out = ch.outputStream()) {
      in.transferTo(out);
      out.flush();
      ch.closeWrite();
    } catch (IOException e) {
      // the channel or session ended
    }
  }

  private static void bind(RespondMux mux, String spec) throws ReflectiveOperationException {
    int eq = spec.indexOf('=');
    String className = eq < 0 ? spec : spec.substring(eq + 1);
    Class<?> c;
    try {
      c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("--handlers " + className + ": no such class on the class path"
          + " (run: java -cp qtalk.jar:YOUR.jar dev.qtalk.cli.Main serve ...)");
    }
    Object target;
    try {
      target = c.getConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("--handlers " + className + ": needs a public no-argument constructor");
    }
    String prefix = eq < 0 ? c.getSimpleName().toLowerCase(Locale.ROOT) : spec.substring(0, eq);
    mux.handle(prefix + "/", Handlers.from(target));
  }
}
