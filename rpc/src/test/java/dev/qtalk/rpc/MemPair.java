package dev.qtalk.rpc;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.net.URI;
import java.util.UUID;

/** Two connected sessions over the in-memory qmux transport. */
record MemPair(Session client, Session server) implements AutoCloseable {
  static MemPair open() throws Exception {
    return open(Options.defaults());
  }

  static MemPair open(Options options) throws Exception {
    try (SessionListener l = Transports.listen(URI.create("mem:rpc-" + UUID.randomUUID()), options)) {
      Session c = Transports.connect(l.uri(), options);
      return new MemPair(c, l.accept());
    }
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
