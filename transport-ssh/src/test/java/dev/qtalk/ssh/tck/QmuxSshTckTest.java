package dev.qtalk.ssh.tck;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.ssh.SshPairs;
import dev.qtalk.ssh.TestKeys;
import dev.qtalk.tck.Capability;
import dev.qtalk.tck.RawPeer;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/**
 * The channel rules on scheme {@code qmux+ssh}: qmux inside one SSH subsystem channel. For the
 * raw-byte rules the peer is a plain MINA client whose subsystem channel carries the kit's bytes
 * to our server's qmux session.
 *
 * <p>Not declared: {@code KEEPALIVE}. The SSH keepalive does find a dead path within interval +
 * timeout and releases every blocked call (rule PX-4 gets that far), but the qmux session inside
 * reads the SSH connection's end as an orderly end of its byte stream, so its {@code closeCause()}
 * stays empty where the contract wants the failure.
 */
class QmuxSshTckTest extends TransportTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    Session[] pair = SshPairs.connect("qmux+ssh", options);
    return new SessionPair(pair[0], pair[1]);
  }

  @Override
  protected SessionListener listen(Options options) throws Exception {
    return SshListeners.listen("qmux+ssh", options);
  }

  @Override
  protected Session dial(SessionListener listener, Options options) throws Exception {
    return SshListeners.dial("qmux+ssh", listener, options);
  }

  @Override
  protected SessionPair connectThrough(Options options, Route route) throws Exception {
    return SshListeners.connectThrough("qmux+ssh", options, route);
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.LISTENER,
        Capability.TCP_PROXY,
        Capability.HALF_CLOSE,
        Capability.CONFIGURABLE_WINDOW,
        Capability.CONFIGURABLE_MAX_PACKET,
        Capability.CONFIGURABLE_BACKLOG,
        Capability.MAX_CHANNELS,
        Capability.WIRE_FORMAT);
  }

  @Override
  protected RawPeer rawPeer(Options options) throws Exception {
    Path dir = Files.createTempDirectory("qtalk-ssh-raw-");
    TestKeys keys = TestKeys.create(dir);
    SshClient client = SshClient.setUpDefaultClient();
    try (SessionListener listener =
        Transports.listen(URI.create("qmux+ssh://127.0.0.1:0"), keys.serverOptions(options))) {
      client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE); // our own server, just made
      client.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(keys.client()));
      client.start();
      ClientSession ssh =
          client.connect("tester", "127.0.0.1", listener.uri().getPort()).verify(Duration.ofSeconds(10)).getSession();
      ssh.auth().verify(Duration.ofSeconds(10));
      ChannelSubsystem channel = ssh.createSubsystemChannel("qtalk");
      channel.open().verify(Duration.ofSeconds(10));
      Session session = listener.accept();
      return new RawPeer(
          session,
          channel.getInvertedOut(),
          channel.getInvertedIn(),
          () -> {
            ssh.close(true);
            client.stop();
          });
    } catch (Exception e) {
      client.stop();
      throw e;
    } finally {
      SshPairs.delete(dir);
    }
  }

  /** From QTALK-WIRE.md §2.9: each of these ends a qmux session with a protocol error. */
  @Override
  protected List<byte[]> malformedMessages() {
    HexFormat hex = HexFormat.of();
    return List.of(
        hex.parseHex("07000000000000000000"), // unknown message type 7
        hex.parseHex("ff00000000"), // unknown message type 255
        hex.parseHex("6800000000ffffffff"), // DATA of 4 GiB - 1: beyond any max packet size
        hex.parseHex("6800000000" + "00100001")); // DATA of 1 MiB + 1 bytes: beyond the 256 KiB max packet
  }
}
