package dev.qtalk.ssh.internal;

import java.io.IOException;
import org.apache.sshd.common.channel.AbstractChannel;

/** What an {@link SshChannel} needs of its MINA channel, whichever side opened it. */
sealed interface MinaEnd permits OutboundMinaChannel, InboundMinaChannel {

  /** The MINA channel itself: windows, packets, close. */
  AbstractChannel mina();

  /** Sends SSH_MSG_CHANNEL_EOF after everything written so far. Idempotent. */
  void sendEndOfFile() throws IOException;
}
