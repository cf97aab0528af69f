package dev.qtalk.tck.toy;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.Capability;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.net.URI;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** Way in (a): the toy transport certified by one short JUnit subclass, as tck/README.md shows. */
class ToyTckTest extends TransportTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    try (SessionListener listener = Transports.listen(URI.create("toy:" + UUID.randomUUID()), options)) {
      Session client = Transports.connect(listener.uri(), options);
      return new SessionPair(client, listener.accept());
    }
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.HALF_CLOSE, Capability.CONFIGURABLE_WINDOW, Capability.CONFIGURABLE_BACKLOG);
  }
}
