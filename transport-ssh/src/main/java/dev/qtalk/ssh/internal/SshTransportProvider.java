package dev.qtalk.ssh.internal;

import dev.qtalk.Option;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.spi.TransportProvider;
import dev.qtalk.ssh.SshOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.session.SessionListener.Event;

/**
 * Scheme {@code ssh}: {@code ssh://user@host:port}. A session is one SSH connection; each channel
 * is one SSH channel of type {@value QtalkChannelFactory#TYPE}, which either side may open.
 */
public final class SshTransportProvider implements TransportProvider {

  @Override
  public String scheme() {
    return "ssh";
  }

  static final List<Option<?>> SUPPORTED = supported();

  @Override
  public Collection<Option<?>> supportedOptions() {
    return SUPPORTED;
  }

  private static List<Option<?>> supported() {
    List<Option<?>> all = new ArrayList<>(StandardOptions.SESSION_OPTIONS);
    all.addAll(Option.declaredIn(SshOptions.class));
    return List.copyOf(all);
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Session connect(URI uri, Options options) throws IOException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    SshSession[] attached = new SshSession[1];
    SshConnector.connect(
        uri,
        options,
        List.of(QtalkChannelFactory.INSTANCE),
        session -> {
          // one client per connection: its threads stop when the connection ends
          SshClient client = (SshClient) session.getFactoryManager();
          attached[0] = SshSession.attach(session, options, "client", () -> SshConnector.stop(client));
          session.addSessionListener(exceptionsTo(attached[0]));
        });
    return attached[0];
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    InetSocketAddress address = SshSetup.address(uri);
    QtalkSshServer server = QtalkSshServer.create();
    SshSetup.apply(server, options);
    SshSecurity.configure(server, options);
    server.setChannelFactories(List.of(QtalkChannelFactory.INSTANCE));
    server.setShellFactory(null);
    server.setCommandFactory(null);
    server.setSubsystemFactories(List.of());
    server.setHost(address.getHostString());
    server.setPort(address.getPort());
    SshListener listener = new SshListener(server, scheme());
    server.addSessionListener(
        new org.apache.sshd.common.session.SessionListener() {
          @Override
          public void sessionCreated(org.apache.sshd.common.session.Session session) {
            listener.connectionStarted();
            SshSession.attach(session, options, "server", () -> {});
          }

          @Override
          public void sessionEvent(org.apache.sshd.common.session.Session session, Event event) {
            if (event == Event.Authenticated) {
              listener.deliver(session.getAttribute(SshSession.KEY));
            }
          }

          @Override
          public void sessionException(org.apache.sshd.common.session.Session session, Throwable t) {
            SshSession s = session.getAttribute(SshSession.KEY);
            if (s != null) {
              s.onException(t);
            }
          }

          @Override
          public void sessionClosed(org.apache.sshd.common.session.Session session) {
            listener.connectionEnded();
          }
        });
    return listener.start();
  }

  /** Records MINA's errors on a connection as the reason its session ended. */
  private static org.apache.sshd.common.session.SessionListener exceptionsTo(SshSession s) {
    return new org.apache.sshd.common.session.SessionListener() {
      @Override
      public void sessionException(org.apache.sshd.common.session.Session session, Throwable t) {
        s.onException(t);
      }
    };
  }
}
