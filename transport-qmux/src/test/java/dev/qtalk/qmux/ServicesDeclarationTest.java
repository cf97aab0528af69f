package dev.qtalk.qmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Session;
import dev.qtalk.Transports;
import dev.qtalk.qmux.internal.MemTransportProvider;
import dev.qtalk.spi.TransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiled module descriptors say what META-INF/services says: tests run on the class path,
 * where only the services file counts, so a provider missing from {@code module-info.java} would go
 * unnoticed until someone used the module path.
 */
class ServicesDeclarationTest {
  private static final String SPI = TransportProvider.class.getName();

  @Test
  void transportQmuxProvidesWhatItsServicesFileLists() throws Exception {
    ModuleDescriptor module = descriptorOf(MemTransportProvider.class);
    assertThat(module.name()).isEqualTo("dev.qtalk.transport.qmux");
    List<String> provided =
        module.provides().stream()
            .filter(p -> p.service().equals(SPI))
            .flatMap(p -> p.providers().stream())
            .toList();
    List<String> listed = servicesFile(MemTransportProvider.class);
    assertThat(provided).isNotEmpty().containsExactlyInAnyOrderElementsOf(listed);
    assertThat(module.provides().stream().map(ModuleDescriptor.Provides::service)).containsOnly(SPI);
  }

  @Test
  void everyListedProviderIsFoundByItsScheme() throws Exception {
    Set<String> schemes =
        Transports.providers().stream()
            .filter(p -> p.getClass().getName().startsWith("dev.qtalk.qmux."))
            .map(TransportProvider::scheme)
            .collect(Collectors.toSet());
    assertThat(schemes)
        .containsExactlyInAnyOrder("mem", "qmux+tcp", "qmux+tls", "qmux+unix", "qmux+stdio", "qmux+ws", "qmux+wss");
    List<String> listed = servicesFile(MemTransportProvider.class);
    assertThat(listed).hasSize(schemes.size());
  }

  @Test
  void apiUsesTheTransportProviderService() throws Exception {
    ModuleDescriptor api = descriptorOf(Session.class);
    assertThat(api.name()).isEqualTo("dev.qtalk.api");
    assertThat(api.uses()).containsExactly(SPI);
    assertThat(api.exports().stream().map(ModuleDescriptor.Exports::source))
        .contains(TransportProvider.class.getPackageName());
  }

  /** The descriptor compiled into the classes directory (or jar) that {@code type} was loaded from. */
  private static ModuleDescriptor descriptorOf(Class<?> type) throws URISyntaxException {
    Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<ModuleReference> found = ModuleFinder.of(location).findAll();
    assertThat(found).as("a module-info.class at " + location).hasSize(1);
    return found.iterator().next().descriptor();
  }

  /** The provider classes named in the services file beside {@code type}'s classes. */
  private static List<String> servicesFile(Class<?> type) throws IOException, URISyntaxException {
    Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleReference ref = ModuleFinder.of(location).findAll().iterator().next();
    try (var reader = ref.open();
        InputStream in = reader.open("META-INF/services/" + SPI).orElseThrow()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(l -> l.replaceAll("#.*", "").strip())
          .filter(l -> !l.isEmpty())
          .toList();
    }
  }
}
