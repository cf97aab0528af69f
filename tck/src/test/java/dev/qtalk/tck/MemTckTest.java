package dev.qtalk.tck;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.net.URI;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** The kit on the in-memory qmux transport. */
class MemTckTest extends TransportTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("mem:tck-" + UUID.randomUUID()), options)) {
      Session client = Transports.connect(listener.uri(), options);
      return new SessionPair(client, listener.accept());
    }
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.HALF_CLOSE,
        Capability.CONFIGURABLE_WINDOW,
        Capability.CONFIGURABLE_MAX_PACKET,
        Capability.CONFIGURABLE_BACKLOG,
        Capability.MAX_CHANNELS);
  }
}
