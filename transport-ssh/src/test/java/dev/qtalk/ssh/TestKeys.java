package dev.qtalk.ssh;

import dev.qtalk.Options;
import dev.qtalk.SessionListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * Key material for one test: a server host key, a client key, and the files that make them trust
 * each other (the client's known_hosts, the server's authorized_keys).
 */
public record TestKeys(Path dir, KeyPair host, KeyPair client) {

  public static TestKeys create(Path dir) {
    return new TestKeys(dir, ecKey(), ecKey());
  }

  public static KeyPair ecKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server side: host key, and the client key as the only authorized one. */
  public Options serverOptions(Options base) {
    Path authorized = write("authorized_keys", PublicKeyEntry.toString(client.getPublic()) + " test-client\n");
    return base.toBuilder()
        .set(SshOptions.HOST_KEY, host)
        .set(SshOptions.AUTHORIZED_KEYS, authorized)
        .build();
  }

  /** The client side of {@code listener}: its identity, and a known_hosts that lists the host key. */
  public Options clientOptions(SessionListener listener, Options base) {
    int port = ((InetSocketAddress) listener.localAddress()).getPort();
    return clientOptions(port, host.getPublic(), base);
  }

  public Options clientOptions(int port, PublicKey hostKey, Options base) {
    Path knownHosts = write("known_hosts", knownHostsLine(port, hostKey));
    return base.toBuilder()
        .set(SshOptions.IDENTITY, client)
        .set(SshOptions.KNOWN_HOSTS, knownHosts)
        .build();
  }

  public static String knownHostsLine(int port, PublicKey hostKey) {
    return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey) + "\n";
  }

  public Path write(String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
