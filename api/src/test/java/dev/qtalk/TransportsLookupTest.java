package dev.qtalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What {@link Transports} tells about schemes and providers for messages and listings. */
class TransportsLookupTest {
  @Test
  void knowsEverySchemeThisProjectShipsSorted() {
    assertThat(Transports.knownSchemes())
        .containsExactly("mem", "qmux+ssh", "qmux+stdio", "qmux+tcp", "qmux+tls", "qmux+unix", "qmux+ws",
            "qmux+wss", "quic", "ssh");
  }

  @Test
  void saysWhatAddsAScheme() {
    assertThat(Transports.howToAdd("QUIC")).hasValue("add dev.qtalk:qtalk-transport-quic to the class or module path");
    assertThat(Transports.howToAdd("gopher")).isEmpty();
  }

  @Test
  void theNotFoundMessageUsesTheSameWords() {
    assertThatThrownBy(() -> Transports.select("ssh", java.util.List.of()))
        .isInstanceOf(TransportNotFoundException.class)
        .hasMessage("no transport for scheme 'ssh': " + Transports.howToAdd("ssh").orElseThrow());
  }

  @Test
  void saysWhyAProviderCannotBeUsed() {
    assertThat(Transports.unavailability(new TestProvider("x", true, null))).isEmpty();
    assertThat(Transports.unavailability(new TestProvider("x", false, "no native library"))).hasValue("no native library");
    assertThat(Transports.unavailability(new TestProvider("x", false, null))).hasValue("unavailable (no reason given)");
    assertThat(Transports.unavailability(new TestProvider("x", null, null)).orElseThrow())
        .startsWith("isAvailable() failed: java.lang.IllegalStateException: cannot tell");
  }
}
