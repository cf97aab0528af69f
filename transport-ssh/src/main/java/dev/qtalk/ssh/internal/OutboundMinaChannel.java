package dev.qtalk.ssh.internal;

import java.io.IOException;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.common.channel.AbstractChannel;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * A qtalk channel this side opens. MINA keeps the opener's logic in {@code AbstractClientChannel},
 * which works on client and server sessions alike (MINA's own server-initiated forwarding uses it).
 */
final class OutboundMinaChannel extends AbstractClientChannel implements MinaEnd {
  private final SshChannel qtalk;

  OutboundMinaChannel(SshSession session) {
    super(QtalkChannelFactory.TYPE);
    this.qtalk = new SshChannel(session, this);
  }

  SshChannel qtalk() {
    return qtalk;
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
  protected void doOpen() {
    // no streams: SshChannel reads doWriteData and writes packets itself
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
