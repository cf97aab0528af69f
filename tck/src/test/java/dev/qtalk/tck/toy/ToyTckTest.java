package dev.qtalk.tck.toy;

import dev.qtalk.Options;
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
    return SessionPair.listenAndConnect(URI.create("toy:" + UUID.randomUUID()), options);
  }

  @Override
  protected SessionListener listen(Options options) throws Exception {
    return Transports.listen(URI.create("toy:" + UUID.randomUUID()), options);
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.LISTENER, Capability.HALF_CLOSE, Capability.CONFIGURABLE_WINDOW, Capability.CONFIGURABLE_BACKLOG);
  }
}
