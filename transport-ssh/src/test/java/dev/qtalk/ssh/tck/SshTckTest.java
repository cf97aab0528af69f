package dev.qtalk.ssh.tck;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.ssh.SshPairs;
import dev.qtalk.tck.Capability;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.util.EnumSet;
import java.util.Set;

/**
 * The channel rules on scheme {@code ssh}: every channel an SSH channel over a real loopback SSH
 * connection. SSH has no stream reset ({@code abort()} closes), and its wire is encrypted, so the
 * raw-byte rules do not apply.
 */
class SshTckTest extends TransportTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    Session[] pair = SshPairs.connect("ssh", options);
    return new SessionPair(pair[0], pair[1]);
  }

  @Override
  protected SessionListener listen(Options options) throws Exception {
    return SshListeners.listen("ssh", options);
  }

  @Override
  protected Session dial(SessionListener listener, Options options) throws Exception {
    return SshListeners.dial("ssh", listener, options);
  }

  @Override
  protected SessionPair connectThrough(Options options, Route route) throws Exception {
    return SshListeners.connectThrough("ssh", options, route);
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.LISTENER,
        Capability.TCP_PROXY,
        Capability.KEEPALIVE,
        Capability.HALF_CLOSE,
        Capability.CONFIGURABLE_WINDOW,
        Capability.CONFIGURABLE_MAX_PACKET,
        Capability.CONFIGURABLE_BACKLOG,
        Capability.MAX_CHANNELS);
  }
}
