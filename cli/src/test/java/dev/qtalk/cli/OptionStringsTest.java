package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import dev.qtalk.qmux.WebSocketOptions;
import dev.qtalk.quic.QuicOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionStringsTest {
  @Test
  void turnsTextIntoEachOptionsType() {
    Options o = OptionStrings.parse(List.of("windowSize=4MiB", "openTimeout=1500ms", "tlsInsecure=true",
        "quicConnectionWindow=1g", "ws.staticDir=/srv/site", "IDLETIMEOUT=2m", "keepaliveInterval=PT5S"), Options.defaults());
    assertThat(o.get(StandardOptions.WINDOW_SIZE)).isEqualTo(4 << 20);
    assertThat(o.get(StandardOptions.OPEN_TIMEOUT)).isEqualTo(Duration.ofMillis(1500));
    assertThat(o.get(StandardOptions.TLS_INSECURE)).isTrue();
    assertThat(o.get(QuicOptions.CONNECTION_WINDOW)).isEqualTo(1L << 30);
    assertThat(o.get(WebSocketOptions.STATIC_DIR)).isEqualTo(Path.of("/srv/site"));
    assertThat(o.get(StandardOptions.IDLE_TIMEOUT)).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.get(StandardOptions.KEEPALIVE_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void keepsTheBaseAndOverridesIt() {
    Options base = Options.of(StandardOptions.MAX_CHANNELS, 7).toBuilder().set(StandardOptions.WINDOW_SIZE, 9).build();
    Options o = OptionStrings.parse(List.of("windowSize=10"), base);
    assertThat(o.get(StandardOptions.MAX_CHANNELS)).isEqualTo(7);
    assertThat(o.get(StandardOptions.WINDOW_SIZE)).isEqualTo(10);
  }

  @Test
  void errorsSayWhatWasExpected() {
    assertThatThrownBy(() -> OptionStrings.parse(List.of("windowSize"), Options.defaults()))
        .hasMessage("-o windowSize (expected: key=value, e.g. -o windowSize=4MiB)");
    assertThatThrownBy(() -> OptionStrings.parse(List.of("windowSize=big"), Options.defaults()))
        .hasMessage("-o windowSize=big (expected: a number, optionally with KiB/MiB/GiB)");
    assertThatThrownBy(() -> OptionStrings.parse(List.of("windowSize=4GiB"), Options.defaults()))
        .hasMessage("-o windowSize=4GiB (expected: a number, optionally with KiB/MiB/GiB)");
    assertThatThrownBy(() -> OptionStrings.parse(List.of("openTimeout=soon"), Options.defaults()))
        .hasMessage("-o openTimeout=soon (expected: a duration: 500ms, 30s, 2m, 1h or PT30S)");
    assertThatThrownBy(() -> OptionStrings.parse(List.of("tlsInsecure=yes"), Options.defaults()))
        .hasMessage("-o tlsInsecure=yes (expected: true or false)");
    assertThatThrownBy(() -> OptionStrings.parse(List.of("tlsKeyManager=x"), Options.defaults()))
        .hasMessage("-o tlsKeyManager: a KeyManagerFactory cannot be given on the command line (set it from Java)");
    assertThatThrownBy(() -> OptionStrings.parse(List.of("tlsTrustManager=/no/such.pem"), Options.defaults()))
        .hasMessageStartingWith("-o tlsTrustManager=/no/such.pem: ").hasMessageEndingWith("(expected: a PEM certificate file)");
  }
}
