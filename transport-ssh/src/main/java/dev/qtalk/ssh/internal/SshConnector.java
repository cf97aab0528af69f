package dev.qtalk.ssh.internal;

import dev.qtalk.Options;
import dev.qtalk.QtalkException;
import dev.qtalk.StandardOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.ChannelFactory;

/** Connects a MINA client and logs in, with the security of {@link SshSecurity}. */
final class SshConnector {
  private SshConnector() {}

  /** A logged-in connection; closing the session stops the client and its threads. */
  record Connected(SshClient client, ClientSession session) {
    void stop() {
      SshConnector.stop(client);
    }
  }

  /** Stops a client and its threads; never throws. */
  static void stop(SshClient client) {
    try {
      client.stop();
    } catch (RuntimeException e) {
      SshSession.LOG.log(System.Logger.Level.DEBUG, () -> "stopping SSH client: " + e);
    }
  }

  /**
   * Connects to {@code uri} and logs in; {@code beforeLogin} runs once the connection exists, before
   * the peer can open channels on it.
   */
  static Connected connect(
      URI uri,
      Options options,
      List<? extends ChannelFactory> channelFactories,
      Consumer<ClientSession> beforeLogin)
      throws IOException {
    InetSocketAddress address = SshSetup.address(uri);
    String user = SshSetup.user(uri);
    Duration timeout = options.get(StandardOptions.CONNECT_TIMEOUT);
    SshClient client = SshClient.setUpDefaultClient();
    // invalid options fail here, before any thread starts, as IllegalArgumentException
    SshSetup.apply(client, options);
    AtomicReference<String> hostKeyRefusal = SshSecurity.configure(client, options);
    client.setChannelFactories(List.copyOf(channelFactories));
    ClientSession session = null;
    try {
      client.start();
      ConnectFuture cf = client.connect(user, address.getHostString(), address.getPort());
      session = cf.verify(timeout).getSession();
      beforeLogin.accept(session);
      session.auth().verify(timeout);
      return new Connected(client, session);
    } catch (InterruptedIOException e) {
      client.stop();
      Thread.currentThread().interrupt();
      throw e;
    } catch (IOException | RuntimeException e) {
      String refusal = hostKeyRefusal.get();
      client.stop();
      if (refusal != null) {
        throw new QtalkException("ssh: refused " + uri.getScheme() + "://" + address + ": " + refusal, e);
      }
      if (session != null) {
        throw new QtalkException(
            "ssh: login as " + user + " at " + address + " failed: " + e.getMessage(), e);
      }
      throw new QtalkException("ssh: could not connect to " + address + ": " + e.getMessage(), e);
    }
  }
}
