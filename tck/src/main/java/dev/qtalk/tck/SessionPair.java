package dev.qtalk.tck;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/** Two connected sessions of the transport under test: {@code client} dialled, {@code server} accepted. */
public record SessionPair(Session client, Session server) implements AutoCloseable {
  public SessionPair {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
  }

  /**
   * Listens at {@code listenAt} (port 0 picks a free port), connects to the listener's URI and
   * accepts: the usual way to make a pair for a transport found through {@link Transports}. The
   * listener is closed once the pair exists; the sessions stay open.
   */
  public static SessionPair listenAndConnect(URI listenAt, Options options) throws IOException {
    Objects.requireNonNull(listenAt, "listenAt");
    Objects.requireNonNull(options, "options");
    try (SessionListener listener = Transports.listen(listenAt, options)) {
      Session client = Transports.connect(listener.uri(), options);
      try {
        return new SessionPair(client, listener.accept());
      } catch (IOException | RuntimeException e) {
        client.close();
        throw e;
      }
    }
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
