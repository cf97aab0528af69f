package dev.qtalk.ssh.internal;

import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Option;
import dev.qtalk.Options;
import dev.qtalk.QtalkException;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.qmux.QmuxOptions;
import dev.qtalk.qmux.internal.QmuxSession;
import dev.qtalk.qmux.internal.StreamConnection;
import dev.qtalk.qmux.internal.SupportedOptions;
import dev.qtalk.spi.TransportProvider;
import dev.qtalk.spi.Waits;
import dev.qtalk.ssh.SshOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.common.channel.ChannelPipedInputStream;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Scheme {@code qmux+ssh}: a qmux session inside one SSH subsystem channel (named by {@link
 * SshOptions#SUBSYSTEM}, {@code qtalk} by default). A stock OpenSSH server can serve it with a
 * {@code Subsystem qtalk <command>} line running a qmux-over-stdio program, and a stock OpenSSH
 * client can reach our server with {@code ssh -s host qtalk}.
 */
public final class QmuxSshTransportProvider implements TransportProvider {

  @Override
  public String scheme() {
    return "qmux+ssh";
  }

  private static final List<Option<?>> SUPPORTED =
      SupportedOptions.concat(SshTransportProvider.SUPPORTED, Option.declaredIn(QmuxOptions.class));

  @Override
  public Collection<Option<?>> supportedOptions() {
    return SUPPORTED;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Session connect(URI uri, Options options) throws IOException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    SshConnector.Connected c =
        SshConnector.connect(
            uri,
            options,
            List.of(),
            session -> CoreModuleProperties.REQUEST_SUBSYSTEM_REPLY.set(session, true));
    try {
      String name = options.get(SshOptions.SUBSYSTEM);
      SubsystemChannel channel = new SubsystemChannel(name);
      c.session().getService(ConnectionService.class).registerChannel(channel);
      Duration timeout = options.get(StandardOptions.CONNECT_TIMEOUT);
      channel.open().verify(timeout);
      if (!awaitStarted(channel, timeout)) {
        throw new QtalkException(
            "qmux+ssh: the server at " + uri.getHost() + " refused subsystem '" + name
                + "' (expected a 'Subsystem " + name + " <command>' line in its configuration)");
      }
      if (channel.getInvertedOut() instanceof ChannelPipedInputStream piped) {
        piped.setTimeout(0); // qmux sessions may be quiet for any length of time
      }
      IoSession io = c.session().getIoSession();
      StreamConnection connection =
          new StreamConnection(
              channel.getInvertedOut(),
              channel.output(),
              () -> {
                channel.close(false);
                c.session().close(false).addListener(f -> Thread.ofVirtual().name("qmux+ssh-stop").start(c::stop));
              },
              io.getLocalAddress(),
              io.getRemoteAddress());
      return QmuxSession.start(connection, options);
    } catch (IOException | RuntimeException e) {
      c.stop();
      if (e instanceof QtalkException q) {
        throw q;
      }
      throw new QtalkException(
          "qmux+ssh: could not open subsystem '" + options.get(SshOptions.SUBSYSTEM) + "' at " + uri.getHost()
              + ": " + e.getMessage(),
          e);
    }
  }

  private static boolean awaitStarted(SubsystemChannel channel, Duration timeout) throws IOException {
    try {
      return channel.started().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      throw Waits.interrupted("connect");
    } catch (ExecutionException | TimeoutException e) {
      throw new DeadlineExceededException("qmux+ssh: no answer to the subsystem request in " + timeout);
    }
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    InetSocketAddress address = SshSetup.address(uri);
    QtalkSshServer server = QtalkSshServer.create();
    SshSetup.apply(server, options);
    SshSecurity.configure(server, options);
    SshListener listener = new SshListener(server, scheme());
    server.setChannelFactories(List.of(new SessionChannelLimit(options.get(SshOptions.MAX_SESSIONS))));
    server.setShellFactory(null);
    server.setCommandFactory(null);
    server.setSubsystemFactories(
        List.of(QmuxSubsystem.factory(options.get(SshOptions.SUBSYSTEM), options, s -> listener.deliver(s))));
    server.setHost(address.getHostString());
    server.setPort(address.getPort());
    server.addSessionListener(
        new org.apache.sshd.common.session.SessionListener() {
          @Override
          public void sessionCreated(org.apache.sshd.common.session.Session session) {
            listener.connectionStarted();
          }

          @Override
          public void sessionClosed(org.apache.sshd.common.session.Session session) {
            listener.connectionEnded();
          }
        });
    return listener.start();
  }
}
