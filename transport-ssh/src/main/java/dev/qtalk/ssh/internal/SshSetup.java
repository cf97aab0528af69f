package dev.qtalk.ssh.internal;

import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import dev.qtalk.ssh.SshOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;

/** The settings every qtalk SSH client and server shares: latency, windows and limits. */
final class SshSetup {
  private SshSetup() {}

  static void apply(FactoryManager manager, Options options) {
    KexFlusherPool.shortenIdleTime();
    // A channel's open-to-close otherwise waits on Nagle's algorithm: ~88 ms instead of < 1 ms.
    CoreModuleProperties.TCP_NODELAY.set(manager, true);
    CoreModuleProperties.WINDOW_SIZE.set(manager, (long) options.get(StandardOptions.WINDOW_SIZE));
    if (options.isSet(StandardOptions.MAX_PACKET_SIZE)) {
      CoreModuleProperties.MAX_PACKET_SIZE.set(manager, (long) options.get(StandardOptions.MAX_PACKET_SIZE));
    }
    // Channel limits are ours (SshSession for qtalk channels, SessionChannelLimit for subsystem
    // channels): MINA's MAX_CONCURRENT_CHANNELS ends the whole connection when a peer exceeds it,
    // and counts refused channels too.
    CoreModuleProperties.AUTH_TIMEOUT.set(manager, options.get(SshOptions.AUTH_TIMEOUT));
    Duration idle = options.get(StandardOptions.IDLE_TIMEOUT);
    Duration keepalive = options.get(StandardOptions.KEEPALIVE_INTERVAL);
    if (!keepalive.isZero()) {
      // The client asks for an answer every interval (keepalive@openssh.com, want-reply) and
      // ends the connection when one is not answered within the keepalive timeout. The server
      // hears those requests, so a silence longer than interval + timeout means a dead peer.
      Duration wait = options.get(StandardOptions.KEEPALIVE_TIMEOUT);
      CoreModuleProperties.HEARTBEAT_INTERVAL.set(manager, keepalive);
      CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(manager, wait);
      CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(manager, 1);
      if (manager instanceof org.apache.sshd.server.ServerFactoryManager) {
        Duration dead = keepalive.plus(wait);
        idle = idle.isZero() || idle.compareTo(dead) > 0 ? dead : idle;
      }
    }
    CoreModuleProperties.IDLE_TIMEOUT.set(manager, idle);
    CoreModuleProperties.CHANNEL_OPEN_TIMEOUT.set(manager, options.get(StandardOptions.OPEN_TIMEOUT));
    if (manager instanceof org.apache.sshd.common.helpers.AbstractFactoryManager m) {
      m.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
      String ciphers = options.get(SshOptions.CIPHERS);
      if (ciphers != null) {
        BuiltinCiphers.ParseResult parsed = BuiltinCiphers.parseCiphersList(ciphers);
        if (!parsed.getUnsupportedFactories().isEmpty() || parsed.getParsedFactories().isEmpty()) {
          throw new IllegalArgumentException(
              SshOptions.CIPHERS.name() + ": " + ciphers + " (expected: ciphers MINA supports here; unknown: "
                  + parsed.getUnsupportedFactories() + ")");
        }
        m.setCipherFactories(new java.util.ArrayList<>(parsed.getParsedFactories()));
      }
    }
  }

  /** The host and port of {@code ssh://[user@]host:port}; port 22 when none is given. */
  static InetSocketAddress address(URI uri) {
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          "uri: " + uri + " (expected: " + uri.getScheme() + "://[user@]host[:port])");
    }
    return new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 22 : uri.getPort());
  }

  /** The user of {@code ssh://user@host}, or this process's user. */
  static String user(URI uri) {
    String info = uri.getUserInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      if (colon >= 0) {
        throw new IllegalArgumentException(
            "uri: a password in the URI (expected: user@host; set ssh.password instead)");
      }
      return info;
    }
    return System.getProperty("user.name");
  }
}
