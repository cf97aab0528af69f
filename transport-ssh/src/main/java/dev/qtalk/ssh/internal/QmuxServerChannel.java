package dev.qtalk.ssh.internal;

import java.io.IOException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;

/** A server "session" channel whose output to the client can be put behind a {@link WindowGate}. */
final class QmuxServerChannel extends ChannelSession {
  private final WindowGate gate = new WindowGate(this::getRemoteWindow);

  QmuxServerChannel() {
    addChannelListener(
        new org.apache.sshd.common.channel.ChannelListener() {
          @Override
          public void channelClosed(org.apache.sshd.common.channel.Channel channel, Throwable reason) {
            gate.close();
          }
        });
  }

  WindowGate gate() {
    return gate;
  }

  @Override
  public void handleWindowAdjust(Buffer buffer) throws IOException {
    super.handleWindowAdjust(buffer);
    gate.windowChanged();
  }
}
