package dev.qtalk.qmux.internal;

import dev.qtalk.PeerIdentity;
import java.util.Optional;

/** A connection whose peer proved who it is (a TLS certificate); everything else is passed on. */
final class IdentifiedConnection extends ForwardingConnection {
  private final PeerIdentity identity;

  IdentifiedConnection(Connection c, PeerIdentity identity) {
    super(c);
    this.identity = identity;
  }

  @Override
  public Optional<PeerIdentity> peerIdentity() {
    return Optional.of(identity);
  }
}
