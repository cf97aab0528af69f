package dev.qtalk.ssh.internal;

import java.io.IOException;
import java.util.List;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.AbstractChannel;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.AbstractServerChannel;

/**
 * A qtalk channel the peer opened. MINA keeps the acceptor's logic in {@code AbstractServerChannel},
 * which works on client and server sessions alike. The channel is confirmed on arrival and queued
 * for {@link SshSession#accept()}; a full backlog refuses it.
 */
final class InboundMinaChannel extends AbstractServerChannel implements MinaEnd {
  private final SshSession session;
  private final SshChannel qtalk;

  InboundMinaChannel(SshSession session) {
    super("", List.of(), null);
    this.session = session;
    this.qtalk = new SshChannel(session, this);
  }

  @Override
  public AbstractChannel mina() {
    return this;
  }

  @Override
  public void sendEndOfFile() throws IOException {
    sendEof();
  }

  @Override
  protected OpenFuture doInit(Buffer buffer) {
    OpenFuture f = new DefaultOpenFuture(this, futureLock);
    String refusal = session.reserveAccept(qtalk);
    if (refusal != null) {
      session.counters().refused();
      SshChannelOpenException e =
          new SshChannelOpenException(getChannelId(), SshConstants.SSH_OPEN_RESOURCE_SHORTAGE, refusal);
      signalChannelOpenFailure(e);
      f.setException(e);
      close(true); // leave MINA's channel table now; the peer gets OPEN_FAILURE
      return f;
    }
    // The confirmation is queued here, before the application can see the channel and write.
    qtalk.observe(false);
    signalChannelOpenSuccess();
    f.setOpened();
    session.deliver(qtalk);
    return f;
  }

  @Override
  protected void doWriteData(byte[] data, int off, long len) throws IOException {
    qtalk.onData(data, off, (int) len);
  }

  @Override
  protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
    qtalk.onExtendedData(len);
  }

  @Override
  public void handleWindowAdjust(Buffer buffer) throws IOException {
    super.handleWindowAdjust(buffer);
    qtalk.onWindowAdjust();
  }

  @Override
  public void handleEof() throws IOException {
    super.handleEof();
    qtalk.onEof();
  }
}
