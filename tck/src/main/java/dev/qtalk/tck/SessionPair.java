package dev.qtalk.tck;

import dev.qtalk.Session;
import java.util.Objects;

/** Two connected sessions of the transport under test: {@code client} dialled, {@code server} accepted. */
public record SessionPair(Session client, Session server) implements AutoCloseable {
  public SessionPair {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
