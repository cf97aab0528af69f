package dev.qtalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.spi.TransportProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportOptionsTest {
  /** A provider that is only asked which options it supports. */
  private static final TransportProvider PLAIN = new TestProvider("plain", true, null);

  @Test
  void theQueryBecomesOptionsAndLeavesTheUri() {
    var r = TransportOptions.resolve(
        PLAIN, URI.create("plain://h:1/p?openTimeout=5s&windowSize=65536#f"), Map.of(), Options.defaults());
    assertThat(r.uri()).isEqualTo(URI.create("plain://h:1/p#f"));
    assertThat(r.options().get(StandardOptions.OPEN_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
    assertThat(r.options().get(StandardOptions.WINDOW_SIZE)).isEqualTo(65536);
  }

  @Test
  void optionsWinOverTextAndTextOverTheQuery() {
    var r = TransportOptions.resolve(PLAIN, URI.create("plain://h:1?openTimeout=5s&acceptTimeout=1s"),
        Map.of("openTimeout", "6s", "maxChannels", "3"),
        Options.of(StandardOptions.MAX_CHANNELS, 4));
    assertThat(r.options().get(StandardOptions.OPEN_TIMEOUT)).isEqualTo(Duration.ofSeconds(6));
    assertThat(r.options().get(StandardOptions.ACCEPT_TIMEOUT)).isEqualTo(Duration.ofSeconds(1));
    assertThat(r.options().get(StandardOptions.MAX_CHANNELS)).isEqualTo(4);
  }

  @Test
  void anUnsupportedOptionFailsFastWithItsName() {
    assertThatThrownBy(() -> TransportOptions.resolve(
            PLAIN, URI.create("plain://h:1?trust=/etc/ca.pem"), Map.of(), Options.defaults()))
        .isInstanceOf(UnsupportedOptionException.class)
        .hasMessageContaining("unsupported option 'trust' for scheme 'plain'")
        .hasMessageContaining("openTimeout");
    assertThatThrownBy(() -> TransportOptions.resolve(
            PLAIN, URI.create("plain://h:1"), Map.of(), Options.of(StandardOptions.TLS_INSECURE, true)))
        .isInstanceOf(UnsupportedOptionException.class)
        .hasMessageContaining("unsupported option 'tlsInsecure' for scheme 'plain'");
  }

  @Test
  void aDuplicateOrBadQueryParameterIsRefused() {
    assertThatThrownBy(() -> TransportOptions.resolve(
            PLAIN, URI.create("plain://h:1?openTimeout=5s&openTimeout=6s"), Map.of(), Options.defaults()))
        .hasMessageContaining("option 'openTimeout' given twice");
    assertThatThrownBy(() -> TransportOptions.resolve(
            PLAIN, URI.create("plain://h:1?openTimeout=soon"), Map.of(), Options.defaults()))
        .hasMessageContaining("openTimeout: 'soon'");
  }

  @Test
  void queryValuesArePercentDecodedAndOpaqueUrisAreLeftAlone() {
    assertThat(TransportOptions.queryParameters("a=%2Fetc%2Fq%20a.pem&b&&c=1"))
        .containsExactly(Map.entry("a", "/etc/q a.pem"), Map.entry("b", ""), Map.entry("c", "1"));
    URI opaque = URI.create("plain:name?x");
    assertThat(TransportOptions.resolve(PLAIN, opaque, Map.of(), Options.defaults()).uri()).isSameAs(opaque);
  }
}
