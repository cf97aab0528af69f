package dev.qtalk.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.StandardOptions;
import dev.qtalk.ssh.SshOptions;
import dev.qtalk.ssh.SshPairs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.kex.KexProposalOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ciphers, idle timeout and the login timeout reach MINA. */
@Timeout(60)
class SessionSettingsTest {
  @TempDir Path dir;

  @Test
  void theChosenCipherIsNegotiated() throws Exception {
    for (String cipher : new String[] {"aes128-gcm@openssh.com", "aes256-ctr"}) {
      Session[] pair = SshPairs.connect("ssh", dir, Options.of(SshOptions.CIPHERS, cipher));
      try {
        var kex = ((SshSession) pair[0]).mina().getKexNegotiationResult();
        assertThat(kex.get(KexProposalOption.C2SENC)).isEqualTo(cipher);
        assertThat(kex.get(KexProposalOption.S2CENC)).isEqualTo(cipher);
      } finally {
        pair[0].close();
        pair[1].close();
      }
    }
  }

  @Test
  void anUnknownCipherIsAClearErrorOnEitherSide() {
    assertThatThrownBy(() -> SshPairs.connect("ssh", dir, Options.of(SshOptions.CIPHERS, "rot13")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ssh.ciphers")
        .hasMessageContaining("rot13");
    assertThatThrownBy(
            () ->
                dev.qtalk.Transports.connect(
                    java.net.URI.create("ssh://127.0.0.1:1"), Options.of(SshOptions.CIPHERS, "rot13")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rot13");
  }

  @Test
  void aSilentSessionEndsAfterTheIdleTimeout() throws Exception {
    Session[] pair = SshPairs.connect("ssh", dir, Options.of(StandardOptions.IDLE_TIMEOUT, Duration.ofSeconds(1)));
    try {
      pair[1].closeFuture().get(20, TimeUnit.SECONDS);
      pair[0].closeFuture().get(20, TimeUnit.SECONDS);
      assertThat(pair[0].isOpen()).isFalse();
    } finally {
      pair[0].close();
      pair[1].close();
    }
  }

  @Test
  void withoutAnIdleTimeoutAQuietSessionStaysOpen() throws Exception {
    Session[] quiet = SshPairs.connect("ssh", dir, Options.defaults());
    // A witness made later and just as quiet, with a 1 s idle timeout: once it has ended, the pair
    // without one has been idle for longer than that, however slow the machine is.
    Session[] witness = SshPairs.connect("ssh", dir, Options.of(StandardOptions.IDLE_TIMEOUT, Duration.ofSeconds(1)));
    try {
      witness[1].closeFuture().get(20, TimeUnit.SECONDS);
      witness[0].closeFuture().get(20, TimeUnit.SECONDS);
      assertThat(quiet[0].isOpen()).isTrue();
      assertThat(quiet[1].isOpen()).isTrue();
      assertThat(quiet[0].open(Duration.ofSeconds(20))).isNotNull();
    } finally {
      for (Session s : new Session[] {quiet[0], quiet[1], witness[0], witness[1]}) {
        s.close();
      }
    }
  }
}
