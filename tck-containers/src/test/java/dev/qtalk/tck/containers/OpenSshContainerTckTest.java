package dev.qtalk.tck.containers;

import dev.qtalk.Options;
import dev.qtalk.Transports;
import dev.qtalk.ssh.SshOptions;
import dev.qtalk.tck.Capability;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;

/**
 * The example of a peer in a container: our {@code qmux+ssh} client against a stock OpenSSH
 * {@code sshd} in a Debian container, whose {@code Subsystem qtalk} relays the subsystem's bytes
 * back to a {@code qmux+tcp} listener of the kit. Skipped without a Docker engine; {@code qmux+ssh}
 * is certified against MINA SSHD and a local OpenSSH in the SSH transport's own tests.
 *
 * <p>Declared: {@code HALF_CLOSE} only. The server sessions all come from the one relay listener,
 * made with default options, so no option can be honoured on both sides.
 */
@RequiresDocker
class OpenSshContainerTckTest extends TransportTck {
  private static final int SSH_PORT = 22;

  /** Debian's OpenSSH with socat, and a qtalk subsystem that runs {@code /usr/local/bin/qtalk-relay}. */
  private static final ImageFromDockerfile IMAGE =
      new ImageFromDockerfile("qtalk/openssh-relay", false)
          .withDockerfileFromBuilder(
              b ->
                  b.from("debian:bookworm-slim")
                      .run(
                          "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y"
                              + " --no-install-recommends openssh-server socat && rm -rf /var/lib/apt/lists/*"
                              + " && mkdir -p /run/sshd && ssh-keygen -A")
                      .run(
                          "printf '%s\\n' 'UsePAM no' 'PermitRootLogin prohibit-password'"
                              + " 'PasswordAuthentication no' 'StrictModes no'"
                              + " 'AuthorizedKeysFile /etc/ssh/qtalk_authorized_keys'"
                              + " 'Subsystem qtalk /usr/local/bin/qtalk-relay'"
                              + " > /etc/ssh/sshd_config.d/qtalk.conf")
                      .expose(SSH_PORT)
                      .cmd("/usr/sbin/sshd", "-D", "-e")
                      .build());

  private static ContainerPeer peer;
  private static KeyPair user;
  private static Path knownHosts;

  /** Starts the container for the first rule. */
  private static synchronized ContainerPeer peer() throws Exception {
    if (peer == null) {
      startSshd();
    }
    return peer;
  }

  private static void startSshd() throws Exception {
    user = ecKey();
    peer =
        ContainerPeer.start(
            URI.create("qmux+tcp://127.0.0.1:0"),
            Options.defaults(),
            relay ->
                new GenericContainer<>(IMAGE)
                    .withExposedPorts(SSH_PORT)
                    .withCopyToContainer(
                        Transferable.of(PublicKeyEntry.toString(user.getPublic()) + " tck\n"),
                        "/etc/ssh/qtalk_authorized_keys")
                    .withCopyToContainer(
                        Transferable.of("#!/bin/sh\nexec socat STDIO TCP:" + relay + "\n", 0755),
                        "/usr/local/bin/qtalk-relay")
                    .waitingFor(Wait.forListeningPort()));
    String hostKey =
        peer.container()
            .copyFileFromContainer(
                "/etc/ssh/ssh_host_ed25519_key.pub", in -> new String(in.readAllBytes(), StandardCharsets.US_ASCII))
            .strip();
    knownHosts = Files.createTempFile("qtalk-container-", ".known_hosts");
    knownHosts.toFile().deleteOnExit();
    String port = "]:" + peer.port(SSH_PORT) + " ";
    Files.writeString(knownHosts, "[" + peer.host() + port + hostKey + "\n[127.0.0.1" + port + hostKey + "\n");
  }

  @AfterAll
  static void stopSshd() {
    if (peer != null) {
      peer.close();
    }
  }

  @Override
  protected SessionPair connect(Options options) throws Exception {
    ContainerPeer peer = peer();
    URI sshd = URI.create("qmux+ssh://root@" + peer.host() + ":" + peer.port(SSH_PORT));
    Options ssh = options.toBuilder().set(SshOptions.IDENTITY, user).set(SshOptions.KNOWN_HOSTS, knownHosts).build();
    return peer.connect(() -> Transports.connect(sshd, ssh));
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.HALF_CLOSE);
  }

  private static KeyPair ecKey() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
