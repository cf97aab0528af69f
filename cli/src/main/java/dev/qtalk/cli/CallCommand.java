package dev.qtalk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.Response;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qtalk call URI SELECTOR [JSON|-]}: one rpc call, its reply values printed as JSON lines. */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Call SELECTOR at URI with a JSON argument; print each reply value as a line of JSON.",
      "Works against Java, Go (qtalk-go) and JavaScript (@progrium/duplex, qtalk-js) servers."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  qtalk call qmux+tcp://127.0.0.1:7000 echo '{\"a\": [1, 2]}'",
      "  qtalk call qmux+tcp://127.0.0.1:7000 math.add '[2, 40]'",
      "  qtalk call qmux+tcp://127.0.0.1:7000 count 3 --stream        (one line per streamed value)",
      "  echo '\"ada\"' | qtalk call quic://127.0.0.1:7443 greet - -o trust=server.pem",
      "  qtalk call qmux+tcp://127.0.0.1:7001 echo '\"hi\"' --dialect duplex   (a @progrium/duplex server)"
    })
final class CallCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "URI", description = "The server, e.g. qmux+tcp://127.0.0.1:7000.")
  URI uri;

  @Parameters(index = "1", paramLabel = "SELECTOR", description = "What to call, e.g. echo or math.add.")
  String selector;

  @Parameters(index = "2", paramLabel = "JSON", arity = "0..1",
      description = "The argument as JSON (default null); - reads it from standard input.")
  String argument;

  @Option(names = "--codec", defaultValue = "json",
      description = "json or cbor (default ${DEFAULT-VALUE}); json is written Go-style, or JavaScript-style with --dialect duplex.")
  String codec;

  @Option(names = "--dialect", defaultValue = "qtalk",
      description = "qtalk (Selector/Error/Continue: qtalk-go, qtalk-js) or duplex (S/E/C: @progrium/duplex, toolkit-go).")
  String dialect;

  @Option(names = "--stream", description = "If the handler continues the call, print every value it streams until it ends.")
  boolean stream;

  @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION",
      description = "Deadline for connecting and for the reply (default ${DEFAULT-VALUE}; 0: none). E.g. 500ms, 10s, 2m.")
  String timeout;

  @Mixin OptionsMixin transportOptions;
  @Mixin ExitCodeHelp exitCodes;

  @Override
  public Integer call() throws Exception {
    Dialect d = dialect(dialect);
    Codec c = codec(codec, d);
    Duration deadline = OptionsMixin.duration("--timeout", timeout);
    Object arg = argument(argument);
    Options options = Options.defaults();
    if (!deadline.isZero()) {
      options = Options.builder().set(StandardOptions.CONNECT_TIMEOUT, deadline).set(StandardOptions.OPEN_TIMEOUT, deadline).build();
    }
    options = transportOptions.on(uri, options);
    PrintStream out = System.out;
    try (Session session = Transports.connect(uri, options)) {
      Client client = Client.builder(session).codec(c).dialect(d).timeout(deadline).build();
      try (Response r = client.invoke(selector, arg)) {
        for (JsonNode v : r.values()) {
          out.println(line(v));
        }
        if (r.values().isEmpty()) {
          out.println("null");
        }
        if (r.continued() && stream) {
          r.closeWrite(); // this side sends nothing more: a handler that reads until EOF may end
          for (Optional<JsonNode> v; (v = r.next()).isPresent(); ) {
            out.println(line(v.get()));
            out.flush();
          }
        }
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  static Dialect dialect(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "qtalk" -> Dialect.QTALK;
      case "duplex" -> Dialect.DUPLEX;
      default -> throw new IllegalArgumentException("--dialect " + name + " (expected: qtalk or duplex)");
    };
  }

  /** JSON as the peer's own implementation writes it: Go-style for qtalk, JavaScript-style for duplex. */
  static Codec codec(String name, Dialect dialect) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "json" -> dialect == Dialect.DUPLEX ? Codec.jsonCompact() : Codec.json();
      case "json-compact" -> Codec.jsonCompact();
      case "cbor" -> Codec.cbor();
      default -> throw new IllegalArgumentException("--codec " + name + " (expected: json or cbor)");
    };
  }

  private static Object argument(String text) throws IOException {
    if (text == null) {
      return null;
    }
    String json = text.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : text;
    if (json.isBlank()) {
      throw new IllegalArgumentException("JSON argument: empty (expected: JSON, e.g. null, 42 or '\"text\"')");
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JSON argument: " + e.getOriginalMessage()
          + " (expected: JSON, e.g. '\"text\"', 42, '[1, 2]' or '{\"k\": 1}'; quote it for the shell)");
    }
  }

  private static String line(JsonNode v) throws JsonProcessingException {
    return JSON.writeValueAsString(v);
  }
}
