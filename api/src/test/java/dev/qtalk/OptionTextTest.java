package dev.qtalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionTextTest {
  enum Colour { RED, DARK_BLUE }

  @Test
  void durationsParseInShortAndIsoForms() {
    Option<Duration> d = StandardOptions.OPEN_TIMEOUT;
    assertThat(d.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(d.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(d.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(d.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(d.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    assertThat(d.parse(" 3S ")).isEqualTo(Duration.ofSeconds(3));
    assertThat(StandardOptions.IDLE_TIMEOUT.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void badDurationsNameTheOptionAndTheForm() {
    assertThatThrownBy(() -> StandardOptions.OPEN_TIMEOUT.parse("ten seconds"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openTimeout: 'ten seconds'")
        .hasMessageContaining("10s, 500ms");
    assertThatThrownBy(() -> StandardOptions.OPEN_TIMEOUT.parse("PTX"))
        .hasMessageContaining("openTimeout");
    // parses, but the option's check refuses it
    assertThatThrownBy(() -> StandardOptions.OPEN_TIMEOUT.parse("0"))
        .hasMessageContaining("openTimeout: PT0S (expected: > 0)");
  }

  @Test
  void numbersBooleansStringsPathsAndEnums() {
    assertThat(StandardOptions.WINDOW_SIZE.parse("65_536")).isEqualTo(65536);
    assertThatThrownBy(() -> StandardOptions.WINDOW_SIZE.parse("0")).hasMessageContaining("(expected: > 0)");
    assertThatThrownBy(() -> StandardOptions.WINDOW_SIZE.parse("lots"))
        .hasMessageContaining("windowSize: 'lots' (expected: an integer)");
    assertThatThrownBy(() -> StandardOptions.WINDOW_SIZE.parse("99999999999"))
        .hasMessageContaining("windowSize");
    assertThat(Option.of("n", Long.class, 1L).parse("9000000000")).isEqualTo(9_000_000_000L);
    assertThat(StandardOptions.TLS_INSECURE.parse("TRUE")).isTrue();
    assertThat(StandardOptions.TLS_INSECURE.parse("false")).isFalse();
    assertThat(StandardOptions.TLS_INSECURE.parse("")).as("a bare flag").isTrue();
    assertThatThrownBy(() -> StandardOptions.TLS_INSECURE.parse("maybe"))
        .hasMessageContaining("tlsInsecure: 'maybe' (expected: true or false)");
    assertThat(Option.of("s", String.class, null).parse(" kept as is ")).isEqualTo(" kept as is ");
    assertThat(StandardOptions.TLS_PRIVATE_KEY.parse("/etc/qtalk/key.pem")).isEqualTo(Path.of("/etc/qtalk/key.pem"));
    Option<Colour> c = Option.of("colour", Colour.class, Colour.RED);
    assertThat(c.parse("dark-blue")).isEqualTo(Colour.DARK_BLUE);
    assertThatThrownBy(() -> c.parse("green")).hasMessageContaining("expected: one of red, dark_blue");
  }

  @Test
  void aTypeWithoutTextFormSaysSo() {
    Option<Thread> t = Option.of("thread", Thread.class, null);
    assertThat(t.hasTextForm()).isFalse();
    assertThatThrownBy(() -> t.parse("main"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("thread: has no text form (expected: a Thread");
  }

  @Test
  void aCustomParserAndAliases() {
    Option<Integer> size = Option.builder("bufferSize", Integer.class)
        .alias("buf")
        .check(v -> v > 0, "> 0")
        .parser(text -> Integer.parseInt(text.replace("KiB", "")) * 1024, "a size in KiB, e.g. 64KiB")
        .build();
    assertThat(size.parse("64KiB")).isEqualTo(65536);
    assertThat(size.isNamed("BUF")).isTrue();
    assertThat(size.isNamed("bufferSIZE")).isTrue();
    assertThat(size.isNamed("size")).isFalse();
    assertThatThrownBy(() -> size.parse("big"))
        .hasMessageContaining("bufferSize: 'big' (expected: a size in KiB, e.g. 64KiB)")
        .hasCauseInstanceOf(NumberFormatException.class);
  }

  @Test
  void optionsParseByNameOrAliasAndRefuseUnknownNames() {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("openTimeout", "5s");
    text.put("insecure", "true");
    Options o = Options.parse(text, List.of(StandardOptions.OPEN_TIMEOUT, StandardOptions.TLS_INSECURE));
    assertThat(o.get(StandardOptions.OPEN_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.get(StandardOptions.TLS_INSECURE)).isTrue();
    assertThatThrownBy(() -> Options.parse(Map.of("opentimeout", "5s", "colour", "red"),
            List.of(StandardOptions.OPEN_TIMEOUT, StandardOptions.TLS_INSECURE)))
        .isInstanceOf(UnsupportedOptionException.class)
        .hasMessageContaining("unsupported option 'colour'")
        .hasMessageContaining("expected one of: openTimeout, tlsInsecure (insecure)")
        .extracting(e -> ((UnsupportedOptionException) e).option()).isEqualTo("colour");
  }

  @Test
  void declaredInFindsEveryPublicOptionConstant() {
    assertThat(Option.declaredIn(StandardOptions.class))
        .containsAll(StandardOptions.SESSION_OPTIONS)
        .containsAll(StandardOptions.TLS_OPTIONS)
        .hasSize(StandardOptions.SESSION_OPTIONS.size() + StandardOptions.TLS_OPTIONS.size());
  }
}
