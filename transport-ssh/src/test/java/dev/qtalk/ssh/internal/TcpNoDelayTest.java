package dev.qtalk.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.ssh.SshPairs;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.file.Path;
import org.apache.sshd.common.io.nio2.Nio2Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** MINA leaves TCP_NODELAY off, which makes each channel lifecycle wait on Nagle's algorithm. */
@Timeout(60)
class TcpNoDelayTest {
  @TempDir Path dir;

  @Test
  void bothEndsOfTheConnectionSetTcpNoDelay() throws Exception {
    Session[] pair = SshPairs.connect("ssh", dir, Options.defaults());
    try {
      for (Session s : pair) {
        Nio2Session io = (Nio2Session) ((SshSession) s).mina().getIoSession();
        NetworkChannel socket = io.getSocket();
        assertThat(socket.getOption(StandardSocketOptions.TCP_NODELAY)).as(s.toString()).isTrue();
      }
    } finally {
      pair[0].close();
      pair[1].close();
    }
  }
}
