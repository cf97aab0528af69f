package dev.qtalk.ssh.openssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Options;
import dev.qtalk.QtalkException;
import dev.qtalk.Session;
import dev.qtalk.Transports;
import dev.qtalk.rpc.Client;
import dev.qtalk.ssh.SshOptions;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direction (a): a stock OpenSSH {@code sshd} serves qtalk with {@code Subsystem qtalk <java ...>},
 * and our {@code qmux+ssh} client reaches it with an ed25519 key and a strict known_hosts check.
 */
@Timeout(120)
class OpenSshServerTest {
  @TempDir Path dir;
  private OpenSsh openssh;
  private URI uri;

  @BeforeEach
  void startSshd() throws Exception {
    openssh = OpenSsh.keys(dir).startServer(OpenSsh.javaCommand(StdioQtalkServer.class));
    uri = URI.create("qmux+ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + openssh.port());
  }

  @AfterEach
  void stopSshd() throws Exception {
    if (openssh != null) { // null when OpenSSH is missing and the test was skipped
      openssh.close();
    }
  }

  private Options client() throws Exception {
    return Options.builder()
        .set(SshOptions.IDENTITY_FILE, openssh.userKey())
        .set(SshOptions.KNOWN_HOSTS, openssh.knownHosts(openssh.port()))
        .build();
  }

  @Test
  void rpcCallsAndBulkBytesThroughStockSshd() throws Exception {
    try (Session session = Transports.connect(uri, client())) {
      OpenSshInterop.exchange(session);
      // the service runs in a process of its own, started by sshd
      long pid = Client.of(session).call("pid", null, Long.class);
      assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
    }
  }

  @Test
  void sshdsHostKeyIsCheckedAgainstKnownHosts() throws Exception {
    Options wrong =
        client().toBuilder().set(SshOptions.KNOWN_HOSTS, dir.resolve("no_known_hosts")).build();
    assertThatThrownBy(() -> Transports.connect(uri, wrong))
        .isInstanceOf(QtalkException.class)
        .hasMessageContaining("ssh-ed25519")
        .hasMessageContaining("is not listed in " + dir.resolve("no_known_hosts"));
  }

  @Test
  void anUnknownSubsystemIsRefusedBySshd() throws Exception {
    Options o = client().toBuilder().set(SshOptions.SUBSYSTEM, "not-qtalk").build();
    assertThatThrownBy(() -> Transports.connect(uri, o))
        .isInstanceOf(QtalkException.class)
        .hasMessageContaining("refused subsystem 'not-qtalk'");
  }
}
