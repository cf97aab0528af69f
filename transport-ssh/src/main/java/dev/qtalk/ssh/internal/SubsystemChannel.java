package dev.qtalk.ssh.internal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.common.channel.ChannelPipedSink;

/**
 * A client's subsystem channel that reports whether the server started the subsystem (the request
 * is sent with want-reply), and whose input stream ends at the peer's EOF: MINA's own ends it only
 * at CLOSE, so a server that half-closes would leave a reader blocked.
 */
final class SubsystemChannel extends ChannelSubsystem {
  private final CompletableFuture<Boolean> started = new CompletableFuture<>();
  private final WindowGate gate = new WindowGate(this::getRemoteWindow);

  SubsystemChannel(String subsystem) {
    super(subsystem);
    onClose(
        () -> {
          started.complete(false);
          gate.close();
        });
  }

  /** The stream to the server, behind a {@link WindowGate}. */
  java.io.OutputStream output() {
    return gate.wrap(getInvertedIn());
  }

  @Override
  public void handleWindowAdjust(org.apache.sshd.common.util.buffer.Buffer buffer) throws IOException {
    super.handleWindowAdjust(buffer);
    gate.windowChanged();
  }

  /** Completes with whether the server accepted the subsystem request. */
  CompletableFuture<Boolean> started() {
    return started;
  }

  @Override
  public void handleSuccess() throws IOException {
    super.handleSuccess();
    started.complete(true);
  }

  @Override
  public void handleFailure() throws IOException {
    started.complete(false);
    super.handleFailure();
  }

  @Override
  public void handleEof() throws IOException {
    super.handleEof();
    if (invertedOut instanceof ChannelPipedSink sink) {
      sink.eof();
    }
  }
}
