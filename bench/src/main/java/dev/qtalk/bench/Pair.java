package dev.qtalk.bench;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import dev.qtalk.quic.SelfSignedCertificate;
import dev.qtalk.ssh.HostKeyPolicy;
import dev.qtalk.ssh.SshOptions;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * A connected loopback session pair over one scheme, with the keys and certificates each needs,
 * and the listener (kept open so that more clients can connect).
 */
public final class Pair implements AutoCloseable {
  /** The cipher both the qtalk SSH transports and the raw MINA baseline use. */
  public static final String SSH_CIPHER = "aes128-gcm@openssh.com";
  private static final String SSH_PASSWORD = "qtalk-bench";

  private final SessionListener listener;
  private final Session client;
  private final Session server;
  private final Options clientOptions;

  private Pair(SessionListener listener, Session client, Session server, Options clientOptions) {
    this.listener = listener;
    this.client = client;
    this.server = server;
    this.clientOptions = clientOptions;
  }

  public static Pair open(String scheme) throws IOException {
    return open(scheme, Options.defaults());
  }

  public static Pair open(String scheme, Options base) throws IOException {
    Options serverOptions = base;
    Options clientOptions = base;
    switch (scheme) {
      case "qmux+tls", "qmux+wss" -> {
        SelfSignedCertificate cert = Certificates.get();
        serverOptions = with(base, cert.serverOptions());
        clientOptions = base.toBuilder().set(StandardOptions.TLS_TRUST_MANAGER, cert.trustManagerFactory()).build();
      }
      case "quic" -> {
        SelfSignedCertificate cert = Certificates.get();
        serverOptions = with(base, cert.serverOptions());
        clientOptions = with(base, cert.clientOptions());
      }
      case "ssh", "qmux+ssh" -> {
        serverOptions = base.toBuilder()
            .set(SshOptions.HOST_KEY, ecKey())
            .set(SshOptions.PASSWORD_CHECK, (user, password) -> SSH_PASSWORD.equals(password))
            .set(SshOptions.CIPHERS, SSH_CIPHER)
            .build();
        // loopback only, and a host key made a moment ago: nothing to verify it against
        clientOptions = base.toBuilder()
            .set(SshOptions.PASSWORD, SSH_PASSWORD)
            .set(SshOptions.HOST_KEY_POLICY, HostKeyPolicy.INSECURE_ACCEPT_ANY)
            .set(SshOptions.CIPHERS, SSH_CIPHER)
            .build();
      }
      default -> { }
    }
    SessionListener listener = Transports.listen(URI.create(scheme + "://127.0.0.1:0"), serverOptions);
    try {
      Session client = Transports.connect(clientUri(scheme, listener), clientOptions);
      return new Pair(listener, client, listener.accept(), clientOptions);
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
  }

  private static URI clientUri(String scheme, SessionListener listener) {
    if (scheme.equals("ssh") || scheme.equals("qmux+ssh")) {
      return URI.create(scheme + "://bench@127.0.0.1:" + listener.uri().getPort());
    }
    return listener.uri();
  }

  private static Options with(Options base, Options more) {
    return Options.builder().setAll(base).setAll(more).build();
  }

  private static KeyPair ecKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC key pair generator: " + e, e);
    }
  }

  public Session client() {
    return client;
  }

  public Session server() {
    return server;
  }

  /** Another client session to the same listener (accept it with {@link #listener()}). */
  public Session connectAgain(String scheme) throws IOException {
    return Transports.connect(clientUri(scheme, listener), clientOptions);
  }

  public SessionListener listener() {
    return listener;
  }

  @Override
  public void close() throws IOException {
    try {
      client.close();
      server.close();
    } finally {
      listener.close();
    }
  }
}
