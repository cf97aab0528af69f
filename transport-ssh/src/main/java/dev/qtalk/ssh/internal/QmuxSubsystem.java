package dev.qtalk.ssh.internal;

import dev.qtalk.Options;
import dev.qtalk.qmux.internal.QmuxSession;
import dev.qtalk.qmux.internal.StreamConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.apache.sshd.common.channel.ChannelPipedInputStream;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;

/**
 * The server's {@code qtalk} subsystem: a qmux session over the subsystem channel's streams, handed
 * to the listener. The channel ends when the qmux session does, and the other way round.
 */
final class QmuxSubsystem implements Command {
  /** How long a session may go on reading after its SSH channel closed. */
  private static final java.time.Duration END_GRACE = java.time.Duration.ofSeconds(2);

  private final Options options;
  private final Consumer<QmuxSession> deliver;
  private InputStream in;
  private OutputStream out;
  private ExitCallback exit;
  private volatile QmuxSession session;

  private QmuxSubsystem(Options options, Consumer<QmuxSession> deliver) {
    this.options = options;
    this.deliver = deliver;
  }

  /** A factory for subsystem {@code name} whose sessions go to {@code deliver}. */
  static SubsystemFactory factory(String name, Options options, Consumer<QmuxSession> deliver) {
    return new SubsystemFactory() {
      @Override
      public String getName() {
        return name;
      }

      @Override
      public Command createSubsystem(ChannelSession channel) {
        return new QmuxSubsystem(options, deliver);
      }
    };
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    // qmux has no use for stderr
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    if (in instanceof ChannelPipedInputStream piped) {
      piped.setTimeout(0); // qmux sessions may be quiet for any length of time
    }
    OutputStream toClient = channel instanceof QmuxServerChannel q ? q.gate().wrap(out) : out;
    var io = channel.getSession().getIoSession();
    StreamConnection connection =
        new StreamConnection(in, toClient, () -> exit.onExit(0), io.getLocalAddress(), io.getRemoteAddress());
    session = QmuxSession.start(connection, options);
    deliver.accept(session);
  }

  /**
   * The SSH channel closed. What the client sent before it may still wait in the channel's input:
   * the session reads it and ends at its end of stream, as over TCP; only a session still open
   * after {@link #END_GRACE} is closed here.
   */
  @Override
  public void destroy(ChannelSession channel) throws IOException {
    QmuxSession s = session;
    if (s != null && s.isOpen()) {
      s.closeFuture()
          .orTimeout(END_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .whenComplete((v, e) -> {
            if (e != null) {
              s.close();
            }
          });
    }
  }
}
