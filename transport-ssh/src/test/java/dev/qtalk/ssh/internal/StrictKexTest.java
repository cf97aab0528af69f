package dev.qtalk.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.ssh.SshPairs;
import java.nio.file.Path;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Strict key exchange (the Terrapin countermeasure) is offered by both ends, so it is in force. */
@Timeout(60)
class StrictKexTest {
  @TempDir Path dir;

  @Test
  void bothEndsOfferStrictKeyExchange() throws Exception {
    Session[] pair = SshPairs.connect("ssh", dir, Options.defaults());
    try {
      AbstractSession client = (AbstractSession) ((SshSession) pair[0]).mina();
      assertThat(client.getClientKexProposals().get(KexProposalOption.ALGORITHMS))
          .contains("kex-strict-c-v00@openssh.com");
      assertThat(client.getServerKexProposals().get(KexProposalOption.ALGORITHMS))
          .contains("kex-strict-s-v00@openssh.com");
    } finally {
      pair[0].close();
      pair[1].close();
    }
  }
}
