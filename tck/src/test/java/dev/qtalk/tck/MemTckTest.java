package dev.qtalk.tck;

import dev.qtalk.Options;
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
    return SessionPair.listenAndConnect(URI.create("mem:tck-" + UUID.randomUUID()), options);
  }

  @Override
  protected SessionListener listen(Options options) throws Exception {
    return Transports.listen(URI.create("mem:tck-" + UUID.randomUUID()), options);
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.LISTENER,
        Capability.HALF_CLOSE,
        Capability.CONFIGURABLE_WINDOW,
        Capability.CONFIGURABLE_MAX_PACKET,
        Capability.CONFIGURABLE_BACKLOG,
        Capability.MAX_CHANNELS);
  }
}
