package dev.qtalk.ssh.openssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Options;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.qmux.internal.NamedAddress;
import dev.qtalk.qmux.internal.QmuxSession;
import dev.qtalk.qmux.internal.StreamConnection;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Server;
import dev.qtalk.ssh.SshOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direction (b): a stock OpenSSH client ({@code ssh -s ... qtalk}) reaches a qtalk service on our
 * MINA server; its stdin/stdout carry the qmux stream, and rpc calls go through it.
 */
@Timeout(120)
class OpenSshClientTest {
  @TempDir Path dir;

  @Test
  void rpcCallsThroughAStockSshClient() throws Exception {
    OpenSsh keys = OpenSsh.keys(dir);
    Options server =
        Options.builder()
            .set(SshOptions.HOST_KEY_FILE, keys.hostKey())
            .set(SshOptions.AUTHORIZED_KEYS, keys.authorizedKeys())
            .build();
    try (SessionListener listener = Transports.listen(URI.create("qmux+ssh://127.0.0.1:0"), server)) {
      Thread serving =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      Server.of(StdioQtalkServer.service()).serve(listener);
                    } catch (Exception e) {
                      throw new RuntimeException(e);
                    }
                  });
      int port = listener.uri().getPort();
      Process ssh =
          new ProcessBuilder(keys.sshCommand(port, "-s", "tester@127.0.0.1", "qtalk"))
              .redirectError(dir.resolve("ssh.log").toFile())
              .start();
      QmuxSession session =
          QmuxSession.start(
              new StreamConnection(
                  ssh.getInputStream(), ssh.getOutputStream(), ssh::destroy,
                  new NamedAddress("ssh-stdin"), new NamedAddress("ssh-stdout")),
              Options.defaults());
      try {
        OpenSshInterop.exchange(session);
        assertThat(Client.of(session).call("pid", null, Long.class)).isEqualTo(ProcessHandle.current().pid());
      } finally {
        session.close();
        ssh.waitFor(10, TimeUnit.SECONDS);
        ssh.destroyForcibly();
      }
      listener.close();
      serving.join(10_000);
      assertThat(serving.isAlive()).isFalse();
    }
  }
}
