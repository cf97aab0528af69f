package dev.qtalk.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Transports;
import dev.qtalk.spi.TransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The providers are found through {@link java.util.ServiceLoader}. This module has no
 * module-info.java (MINA SSHD's jars split packages, so no named module can require them): the
 * services file is the one declaration.
 */
class ProvidersTest {

  @Test
  void servicesFileNamesEveryProviderAndTransportsFindsEachScheme() throws IOException {
    List<String> declared;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/services/dev.qtalk.spi.TransportProvider")) {
      assertThat(in).isNotNull();
      declared =
          Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .toList();
    }
    assertThat(declared)
        .contains("dev.qtalk.ssh.internal.SshTransportProvider", "dev.qtalk.ssh.internal.QmuxSshTransportProvider");
    for (String scheme : List.of("ssh", "qmux+ssh")) {
      TransportProvider p = Transports.provider(URI.create(scheme + "://127.0.0.1:22"));
      assertThat(p.scheme()).isEqualTo(scheme);
      assertThat(p.isAvailable()).isTrue();
      assertThat(declared).contains(p.getClass().getName());
    }
  }
}
