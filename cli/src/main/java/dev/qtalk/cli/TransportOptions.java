package dev.qtalk.cli;

import dev.qtalk.Options;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -o key=value}, mixed into every command that connects or listens. */
final class TransportOptions {
  @Option(
      names = {"-o", "--option"},
      paramLabel = "KEY=VALUE",
      description = {
        "A transport option, repeatable: -o windowSize=4MiB -o openTimeout=5s -o tlsInsecure=true.",
        "Names as in StandardOptions, QmuxOptions, WebSocketOptions, QuicOptions and SshOptions;",
        "`qtalk transports --options` lists them."
      })
  List<String> pairs = new ArrayList<>();

  /** The options given, on top of {@code base}. */
  Options on(Options base) {
    return OptionStrings.parse(pairs, base);
  }
}
