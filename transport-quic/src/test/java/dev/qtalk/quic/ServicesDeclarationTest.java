package dev.qtalk.quic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.spi.TransportProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** module-info.java and META-INF/services name the same provider, and it loads and is available. */
class ServicesDeclarationTest {
  @Test
  void moduleInfoAndServicesFileAgree() throws Exception {
    String moduleInfo = Files.readString(Path.of("src/main/java/module-info.java"));
    var m = Pattern.compile("provides\\s+dev\\.qtalk\\.spi\\.TransportProvider\\s+with\\s+([^;]+);").matcher(moduleInfo);
    assertThat(m.find()).isTrue();
    var declared = java.util.Arrays.stream(m.group(1).split(",")).map(String::strip).toList();
    var services = Files.readAllLines(Path.of("src/main/resources/META-INF/services/dev.qtalk.spi.TransportProvider"))
        .stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertThat(services).containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void quicProviderLoadsAndIsAvailable() {
    TransportProvider quic = ServiceLoader.load(TransportProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.scheme().equals("quic")).findFirst().orElseThrow();
    assertThat(quic.unavailableReason()).isEmpty();
    assertThat(quic.isAvailable()).isTrue();
  }
}
