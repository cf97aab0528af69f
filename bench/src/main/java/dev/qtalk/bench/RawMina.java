package dev.qtalk.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * The SSH baseline: plain MINA SSHD, a client exec channel writing through MINA's own {@code
 * ChannelOutputStream} to a server command that reads its input to the end, with the cipher the
 * qtalk SSH transports use ({@link Pair#SSH_CIPHER}), MINA's default window and packet, and
 * TCP_NODELAY on as the qtalk transport sets it.
 */
public final class RawMina implements AutoCloseable {
  private final SshServer server;
  private final SshClient client;
  private final ClientSession session;

  public RawMina() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair host = g.generateKeyPair();
    KeyPair user = g.generateKeyPair();
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(host));
    server.setPublickeyAuthenticator((name, key, s) -> key.equals(user.getPublic()));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setCipherFactoriesNameList(Pair.SSH_CIPHER);
    CoreModuleProperties.TCP_NODELAY.set(server, true);
    server.setCommandFactory((channel, command) -> new Discard());
    server.start();
    client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
    client.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(user));
    client.setCipherFactoriesNameList(Pair.SSH_CIPHER);
    CoreModuleProperties.TCP_NODELAY.set(client, true);
    client.start();
    session = client.connect("bench", "127.0.0.1", server.getPort()).verify(Duration.ofSeconds(10)).getSession();
    session.auth().verify(Duration.ofSeconds(10));
    String negotiated = session.getKexNegotiationResult().get(KexProposalOption.C2SENC);
    if (!Pair.SSH_CIPHER.equals(negotiated)) {
      close();
      throw new IllegalStateException("raw MINA negotiated " + negotiated + " (expected: " + Pair.SSH_CIPHER + ")");
    }
  }

  /** Sends {@code bytes} through one new exec channel; returns nanoseconds until the server read them all. */
  public long transfer(long bytes) throws Exception {
    byte[] buf = new byte[ChannelTransfer.CHUNK];
    try (ChannelExec channel = session.createExecChannel("discard")) {
      channel.open().verify(Duration.ofSeconds(10));
      OutputStream out = channel.getInvertedIn();
      long t0 = System.nanoTime();
      for (long sent = 0; sent < bytes; sent += buf.length) {
        out.write(buf, 0, (int) Math.min(buf.length, bytes - sent));
      }
      out.flush();
      out.close(); // EOF; the command exits once it has read everything
      channel.waitFor(EnumSet.of(ClientChannelEvent.EXIT_STATUS, ClientChannelEvent.CLOSED), Duration.ofMinutes(5));
      Integer status = channel.getExitStatus();
      if (status == null || status != 0) {
        throw new IllegalStateException("raw MINA: the reading command ended with " + status);
      }
      return System.nanoTime() - t0;
    }
  }

  @Override
  public void close() throws Exception {
    session.close(true);
    client.stop();
    server.stop(true);
  }

  /** Reads its input to the end, then exits 0. */
  private static final class Discard implements Command {
    private InputStream in;
    private ExitCallback exit;

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {}

    @Override
    public void setErrorStream(OutputStream err) {}

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread.ofVirtual().start(() -> {
        byte[] buf = new byte[ChannelTransfer.CHUNK];
        try {
          while (in.read(buf) >= 0) {
            // discard
          }
          exit.onExit(0);
        } catch (Exception e) {
          exit.onExit(1, e.toString());
        }
      });
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
