package dev.qtalk.cli;

import dev.qtalk.Option;
import dev.qtalk.Options;
import dev.qtalk.TransportNotFoundException;
import dev.qtalk.Transports;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -o name=value}, mixed into every command that connects or listens. Names and text forms
 * are the transport's own ({@link dev.qtalk.spi.TransportProvider#supportedOptions()}), the same
 * as in a URI's query ({@code quic://host:4433?trust=ca.pem}).
 */
final class OptionsMixin {
  @picocli.CommandLine.Option(
      names = {"-o", "--option"},
      paramLabel = "NAME=VALUE",
      description = {
        "A transport option, repeatable: -o windowSize=4194304 -o openTimeout=5s -o trust=ca.pem.",
        "Which names the URI's transport takes, and their values: qtalk transports --options."
      })
  List<String> pairs = new ArrayList<>();

  /**
   * {@code base} with the options given on the command line for {@code uri}'s transport on top.
   *
   * @throws IllegalArgumentException naming the option and what was expected
   */
  Options on(URI uri, Options base) throws TransportNotFoundException {
    Map<String, String> text = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("-o " + pair + " (expected: name=value, e.g. -o openTimeout=5s)");
      }
      text.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
    }
    return base.toBuilder().setAll(Transports.parseOptions(uri, text)).build();
  }

  /** Of {@code options}, those that {@code uri}'s transport supports (a TLS key for TLS schemes only). */
  static Options supported(URI uri, Options options) throws TransportNotFoundException {
    Collection<Option<?>> supported = Transports.provider(uri).supportedOptions();
    Options.Builder b = Options.builder();
    options.asMap().forEach((o, v) -> {
      if (supported.contains(o)) {
        copy(b, o, v);
      }
    });
    return b.build();
  }

  private static <T> void copy(Options.Builder b, Option<T> option, Object value) {
    b.set(option, option.type().cast(value));
  }

  /** A duration flag such as {@code --timeout 10s}, read as options' durations are. */
  static Duration duration(String flag, String text) {
    return Option.of(flag, Duration.class, null, d -> !d.isNegative(), ">= 0").parse(text);
  }
}
