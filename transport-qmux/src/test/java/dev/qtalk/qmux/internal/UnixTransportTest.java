package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code qmux+unix} over a real unix domain socket. */
@Timeout(60)
class UnixTransportTest {
  private Path dir;
  private URI uri;

  @BeforeEach
  void socketPath() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "qmux");
    uri = URI.create("qmux+unix://" + dir.resolve("s.sock"));
  }

  @AfterEach
  void cleanUp() throws Exception {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  @Test
  void carriesDataBothWaysAndRemovesTheSocketFileOnClose() throws Exception {
    Path file = dir.resolve("s.sock");
    try (SessionListener listener = Transports.listen(uri, Options.defaults())) {
      assertThat(listener.uri()).isEqualTo(uri);
      assertThat(file).exists();
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      try (Session client = Transports.connect(uri, Options.defaults());
          Session server = accepted.get(10, TimeUnit.SECONDS)) {
        Exchange.verify(client, server, 2 * 1024 * 1024);
      }
    }
    assertThat(file).doesNotExist();
  }

  @Test
  void closingASessionReleasesBlockedReadsOnBothSides() throws Exception {
    try (SessionListener listener = Transports.listen(uri, Options.defaults())) {
      CompletableFuture<Session> accepted = TlsTransportTest.acceptAsync(listener);
      Session client = Transports.connect(uri, Options.defaults());
      Session server = accepted.get(10, TimeUnit.SECONDS);
      Exchange.verifyCloseReleases(server, client);
    }
  }

  @Test
  void closingTheListenerReleasesABlockedAccept() throws Exception {
    SessionListener listener = Transports.listen(uri, Options.defaults());
    Blocking accepted = Blocking.start(listener::accept).awaitBlocked();
    listener.close();
    assertThat(accepted.get()).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void connectingWhereNobodyListensFails() {
    assertThatThrownBy(() -> Transports.connect(uri, Options.defaults())).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void aUriWithoutAPathIsAClearError() {
    assertThatThrownBy(() -> Transports.connect(URI.create("qmux+unix://host/x"), Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("qmux+unix:///");
  }
}
