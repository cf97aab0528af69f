package dev.qtalk.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Options;
import dev.qtalk.QtalkException;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Security by default: host keys checked, only listed client keys, passwords only when asked. */
@Timeout(60)
class SshSecurityTest {
  @TempDir Path dir;
  private TestKeys keys;
  private SessionListener listener;
  private URI uri;

  @BeforeEach
  void listen() throws Exception {
    keys = TestKeys.create(dir);
    listener = Transports.listen(URI.create("ssh://127.0.0.1:0"), keys.serverOptions(Options.defaults()));
    uri = URI.create("ssh://tester@127.0.0.1:" + listener.uri().getPort());
  }

  @AfterEach
  void close() {
    listener.close();
  }

  private Options client() {
    return keys.clientOptions(listener, Options.defaults());
  }

  @Test
  void theListedHostAndClientKeysConnect() throws Exception {
    try (Session s = Transports.connect(uri, client()); Session server = listener.accept()) {
      assertThat(s.isOpen()).isTrue();
      assertThat(server.isOpen()).isTrue();
      // each side knows who the other proved to be
      assertThat(server.peerIdentity().orElseThrow().user()).contains("tester");
      assertThat(server.peerIdentity().orElseThrow().publicKey()).isPresent();
      assertThat(s.peerIdentity().orElseThrow().user()).isEmpty();
      assertThat(s.peerIdentity().orElseThrow().publicKey()).isPresent();
    }
  }

  @Test
  void anUnknownHostKeyIsRefused() {
    Path empty = keys.write("empty_known_hosts", "");
    Options o = client().toBuilder().set(SshOptions.KNOWN_HOSTS, empty).build();
    assertThatThrownBy(() -> Transports.connect(uri, o))
        .isInstanceOf(QtalkException.class)
        .hasMessageContaining("is not listed in " + empty);
  }

  @Test
  void aChangedHostKeyIsRefusedEvenWhenNewKeysAreAccepted() {
    int port = listener.uri().getPort();
    Path other = keys.write("other_known_hosts", TestKeys.knownHostsLine(port, TestKeys.ecKey().getPublic()));
    Options o =
        client().toBuilder()
            .set(SshOptions.KNOWN_HOSTS, other)
            .set(SshOptions.HOST_KEY_POLICY, HostKeyPolicy.ACCEPT_NEW)
            .build();
    assertThatThrownBy(() -> Transports.connect(uri, o))
        .isInstanceOf(QtalkException.class)
        .hasMessageContaining("changed");
  }

  @Test
  void acceptNewRecordsTheKeyAndThenChecksIt() throws Exception {
    Path file = dir.resolve("new_known_hosts");
    Options o =
        client().toBuilder()
            .set(SshOptions.KNOWN_HOSTS, file)
            .set(SshOptions.HOST_KEY_POLICY, HostKeyPolicy.ACCEPT_NEW)
            .build();
    try (Session s = Transports.connect(uri, o)) {
      assertThat(s.isOpen()).isTrue();
    }
    assertThat(Files.readString(file)).contains("127.0.0.1");
    Options strict = o.toBuilder().set(SshOptions.HOST_KEY_POLICY, HostKeyPolicy.STRICT).build();
    try (Session s = Transports.connect(uri, strict)) {
      assertThat(s.isOpen()).isTrue();
    }
  }

  @Test
  void anUnlistedClientKeyIsRefused() {
    Options o = client().toBuilder().set(SshOptions.IDENTITY, TestKeys.ecKey()).build();
    assertThatThrownBy(() -> Transports.connect(uri, o))
        .isInstanceOf(QtalkException.class)
        .hasMessageContaining("login as tester");
  }

  @Test
  void passwordsAreRefusedUnlessTheServerHasACheck() throws Exception {
    Options withPassword =
        client().toBuilder()
            .set(SshOptions.IDENTITY, TestKeys.ecKey()) // not authorized: only the password can work
            .set(SshOptions.PASSWORD, "secret")
            .build();
    assertThatThrownBy(() -> Transports.connect(uri, withPassword)).isInstanceOf(QtalkException.class);

    Options server =
        keys.serverOptions(Options.defaults()).toBuilder()
            .set(SshOptions.PASSWORD_CHECK, (user, password) -> user.equals("tester") && password.equals("secret"))
            .build();
    try (SessionListener pw = Transports.listen(URI.create("ssh://127.0.0.1:0"), server)) {
      URI pwUri = URI.create("ssh://tester@127.0.0.1:" + pw.uri().getPort());
      Options o =
          keys.clientOptions(pw, withPassword).toBuilder().set(SshOptions.IDENTITY, TestKeys.ecKey()).build();
      try (Session s = Transports.connect(pwUri, o)) {
        assertThat(s.isOpen()).isTrue();
      }
      Options wrong = o.toBuilder().set(SshOptions.PASSWORD, "guess").build();
      assertThatThrownBy(() -> Transports.connect(pwUri, wrong)).isInstanceOf(QtalkException.class);
    }
  }

  @Test
  void aClientThatDoesNotLogInIsDroppedAfterTheAuthTimeout() throws Exception {
    Options server =
        keys.serverOptions(Options.defaults()).toBuilder()
            .set(SshOptions.AUTH_TIMEOUT, java.time.Duration.ofSeconds(1))
            .build();
    try (SessionListener l = Transports.listen(URI.create("ssh://127.0.0.1:0"), server);
        java.net.Socket raw = new java.net.Socket("127.0.0.1", l.uri().getPort())) {
      raw.setSoTimeout(20_000);
      // say nothing: the server's banner and key exchange offer arrive, then it hangs up
      byte[] buf = new byte[4096];
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      int n = 0;
      while (n >= 0 && System.nanoTime() < deadline) {
        n = raw.getInputStream().read(buf);
      }
      assertThat(n).as("the server closed the silent connection").isEqualTo(-1);
    }
  }

  @Test
  void garbageInsteadOfSshEndsThatConnectionAndTheListenerServesOthers() throws Exception {
    try (java.net.Socket raw = new java.net.Socket("127.0.0.1", listener.uri().getPort())) {
      raw.setSoTimeout(20_000);
      byte[] junk = new byte[64 * 1024];
      new java.util.Random(3).nextBytes(junk);
      raw.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      try {
        raw.getOutputStream().write(junk);
      } catch (java.io.IOException closedAlready) {
        // the server may hang up before all of it is written
      }
      byte[] buf = new byte[4096];
      int n = 0;
      try {
        while (n >= 0) {
          n = raw.getInputStream().read(buf);
        }
      } catch (java.net.SocketException reset) {
        n = -1; // a reset is a hang-up too
      }
      assertThat(n).isEqualTo(-1);
    }
    try (Session s = Transports.connect(uri, client())) {
      assertThat(listener.accept().isOpen()).isTrue();
      assertThat(s.isOpen()).isTrue();
    }
  }

  @Test
  void aClosedListenerFailsAcceptAndLeavesAcceptedSessionsOpen() throws Exception {
    Session client = Transports.connect(uri, client());
    Session server = listener.accept();
    Blocking blocked = Blocking.start(listener::accept).awaitBlocked();
    listener.close();
    assertThat(blocked.get()).isInstanceOf(dev.qtalk.SessionClosedException.class);
    assertThatThrownBy(() -> Transports.connect(uri, client())).isInstanceOf(QtalkException.class);
    dev.qtalk.Channel c = client.open(java.time.Duration.ofSeconds(10));
    dev.qtalk.Channel s = server.accept(java.time.Duration.ofSeconds(10));
    c.write(java.nio.ByteBuffer.wrap(new byte[] {42}));
    java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
    assertThat(s.read(one)).isEqualTo(1);
    client.close();
    server.closeFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void aServerNeedsAHostKey() {
    assertThatThrownBy(() -> Transports.listen(URI.create("ssh://127.0.0.1:0"), Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SshOptions.HOST_KEY.name());
  }
}
