package dev.qtalk.tck.qmux;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import dev.qtalk.tck.Capability;
import dev.qtalk.tck.RawPeer;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;

/**
 * The kit on qmux over JDK TLS ({@code qmux+tls}). The server key is made once with the JDK's
 * {@code keytool}; the client skips verification ({@code TLS_INSECURE}), which transport-qmux's
 * own tests cover.
 */
class TlsTckTest extends TransportTck {
  private static final char[] PASSWORD = "tck-only".toCharArray();
  private static KeyManagerFactory serverKey;

  @BeforeAll
  static void makeServerKey() throws Exception {
    Path dir = Files.createTempDirectory("qtck-tls");
    Path store = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    serverKey = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    serverKey.init(ks, PASSWORD);
    Files.delete(store);
    Files.delete(dir);
  }

  @Override
  protected SessionPair connect(Options options) throws Exception {
    Options server = options.toBuilder().set(StandardOptions.TLS_KEY_MANAGER, serverKey).build();
    Options client = options.toBuilder().set(StandardOptions.TLS_INSECURE, true).build();
    try (SessionListener listener = Transports.listen(URI.create("qmux+tls://127.0.0.1:0"), server)) {
      // the listener completes the TLS handshake inside accept(), so accept while connecting
      CompletableFuture<Session> accepted = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  accepted.complete(listener.accept());
                } catch (Throwable t) {
                  accepted.completeExceptionally(t);
                }
              });
      Session c = Transports.connect(listener.uri(), client);
      return new SessionPair(c, accepted.get(30, TimeUnit.SECONDS));
    }
  }

  @Override
  protected SessionListener listen(Options options) throws Exception {
    return Transports.listen(
        URI.create("qmux+tls://127.0.0.1:0"), options.toBuilder().set(StandardOptions.TLS_KEY_MANAGER, serverKey).build());
  }

  @Override
  protected Session dial(SessionListener listener, Options options) throws Exception {
    return Transports.connect(listener.uri(), options.toBuilder().set(StandardOptions.TLS_INSECURE, true).build());
  }

  @Override
  protected SessionPair connectThrough(Options options, Route route) throws Exception {
    try (SessionListener listener = listen(options)) {
      InetSocketAddress via = route.to(new InetSocketAddress("127.0.0.1", listener.uri().getPort()));
      Options client = options.toBuilder().set(StandardOptions.TLS_INSECURE, true).build();
      return SessionPair.connect(listener, () -> Transports.connect(URI.create("qmux+tls://127.0.0.1:" + via.getPort()), client));
    }
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.LISTENER,
        Capability.TCP_PROXY,
        Capability.KEEPALIVE,
        Capability.HALF_CLOSE,
        Capability.CONFIGURABLE_WINDOW,
        Capability.CONFIGURABLE_MAX_PACKET,
        Capability.CONFIGURABLE_BACKLOG,
        Capability.MAX_CHANNELS,
        Capability.WIRE_FORMAT);
  }

  /** The session connects to a plain TLS server socket whose decrypted bytes the kit handles. */
  @Override
  protected RawPeer rawPeer(Options options) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(serverKey.getKeyManagers(), null, null);
    SSLServerSocket server =
        (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    try (server) {
      CompletableFuture<SSLSocket> accepted = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  SSLSocket s = (SSLSocket) server.accept();
                  s.startHandshake();
                  accepted.complete(s);
                } catch (Throwable t) {
                  accepted.completeExceptionally(t);
                }
              });
      Options client = options.toBuilder().set(StandardOptions.TLS_INSECURE, true).build();
      Session session = Transports.connect(URI.create("qmux+tls://127.0.0.1:" + server.getLocalPort()), client);
      SSLSocket raw = accepted.get(30, TimeUnit.SECONDS);
      return new RawPeer(session, raw.getInputStream(), raw.getOutputStream(), raw);
    }
  }

  @Override
  protected List<byte[]> malformedMessages() {
    return QmuxMalformed.messages();
  }
}
