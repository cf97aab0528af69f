package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.Transports;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code qtalk serve} and {@code qtalk call}, each a real process, over a real loopback session. */
@Timeout(300)
class ServeAndCallTest {
  private static Qtalk server;
  private static String uri;

  @BeforeAll
  static void serve() throws Exception {
    server = Qtalk.start("serve", "qmux+tcp://127.0.0.1:0", "--handlers", "slow=dev.qtalk.cli.SlowService");
    uri = server.listeningUri();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void callsPrintTheReplyAsJson() throws Exception {
    Qtalk.Result r = Qtalk.run("call", uri, "echo", "{\"a\": [1, \"two\", null]}");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("{\"a\":[1,\"two\",null]}");

    r = Qtalk.run("call", uri, "math.add", "[2, 40]", "--codec", "cbor");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("42");
  }

  @Test
  void readsTheArgumentFromStandardInput() throws Exception {
    Qtalk.Result r = Qtalk.runWithInput("\"ada\"\n", "call", uri, "greet", "-");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("\"hello, ada\"");
  }

  @Test
  void streamPrintsEveryValueAsALine() throws Exception {
    Qtalk.Result r = Qtalk.run("call", uri, "count", "3", "--stream");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().lines()).containsExactly("\"counting to 3\"", "1", "2", "3");

    r = Qtalk.run("call", uri, "count", "3");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().lines()).containsExactly("\"counting to 3\"");
  }

  @Test
  void handlersFromAClassAreServed() throws Exception {
    Qtalk.Result r = Qtalk.run("call", uri, "slow.shout", "[\"quiet\"]");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("\"QUIET\"");
  }

  @Test
  void aRemoteErrorExitsWithOneAndSaysIt() throws Exception {
    Qtalk.Result r = Qtalk.run("call", uri, "math.divide", "[1, 0]");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("qtalk call: remote error:").contains("division by zero").doesNotContain("\n");

    r = Qtalk.run("call", uri, "no.such.thing");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("remote error");
  }

  @Test
  void aLateReplyExitsWithFour() throws Exception {
    Qtalk.Result r = Qtalk.run("call", uri, "slow.nap", "[60000]", "--timeout", "300ms");
    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(r.err().strip()).startsWith("qtalk call: ").doesNotContain("\n");
  }

  @Test
  void badInputExitsWithTwoNamingWhatToFix() throws Exception {
    Qtalk.Result r = Qtalk.run("call", uri, "echo", "{not json");
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("qtalk call: JSON argument:").contains("expected: JSON");

    r = Qtalk.run("call", uri, "echo", "1", "--codec", "xml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("qtalk call: --codec xml (expected: json or cbor)");

    r = Qtalk.run("call", uri, "echo", "1", "-o", "windowSize=0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("qtalk call: windowSize: 0 (expected: > 0)");

    r = Qtalk.run("call", uri, "echo", "1", "-o", "nosuch=1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unsupported option 'nosuch' for scheme 'qmux+tcp' (expected one of:").contains("windowSize");

    r = Qtalk.run("call", uri, "echo", "1", "-o", "openTimeout");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("qtalk call: -o openTimeout (expected: name=value, e.g. -o openTimeout=5s)");

    r = Qtalk.run("call", uri, "echo", "1", "--timeout", "soon");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("qtalk call: --timeout: 'soon' (expected: a duration");

    r = Qtalk.run("call", "nope://127.0.0.1:1", "echo");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no transport for scheme 'nope'").contains("qtalk transports");

    r = Qtalk.run("call", uri);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("SELECTOR").contains("qtalk call --help");
  }

  @Test
  void anUnreachablePeerExitsWithThree() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Qtalk.Result r = Qtalk.run("call", "qmux+tcp://127.0.0.1:" + port, "echo", "1");
    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    assertThat(r.err().strip()).startsWith("qtalk call: ").doesNotContain("Exception:");
  }

  @Test
  void callsOverQuicTrustTheCertificateServeWrote(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("server.pem");
    try (Qtalk quic = Qtalk.start("serve", "quic://127.0.0.1:0", "--certificate-out", pem.toString())) {
      String at = quic.listeningUri();
      assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
      Qtalk.Result r = Qtalk.run("call", at, "greet", "\"quic\"", "-o", "trust=" + pem);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).isEqualTo("\"hello, quic\"");

      // without trusting it, the handshake fails: verification is on by default
      r = Qtalk.run("call", at, "greet", "\"quic\"", "--timeout", "10s");
      assertThat(r.exit()).as(r.toString()).isNotZero();
    }
  }

  /**
   * Over SSH, with keys made by OpenSSH's ssh-keygen and the host key checked against a
   * known_hosts file: the reply is all that is printed, on either side; MINA's INFO lines about
   * every connection stay out of the command's output.
   */
  @Test
  void callsOverSshPrintTheReplyAndNoLibraryChatter(@TempDir Path dir) throws Exception {
    Path hostKey = sshKeygen(dir, "host");
    Path identity = sshKeygen(dir, "id");
    try (Qtalk ssh = Qtalk.start("serve", "ssh://127.0.0.1:0", "-o", "ssh.hostKeyFile=" + hostKey,
        "-o", "ssh.authorizedKeys=" + identity + ".pub")) {
      URI at = URI.create(ssh.listeningUri());
      Path knownHosts = dir.resolve("known_hosts");
      Files.writeString(knownHosts, "[127.0.0.1]:" + at.getPort() + " " + Files.readString(Path.of(hostKey + ".pub")));
      Qtalk.Result r = Qtalk.run("call", "ssh://me@127.0.0.1:" + at.getPort(), "greet", "\"ssh\"",
          "-o", "ssh.identityFile=" + identity, "-o", "ssh.knownHosts=" + knownHosts);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).isEqualTo("\"hello, ssh\"");
      assertThat(r.err()).as(r.toString()).doesNotContain("INFO");
      assertThat(ssh.stopAndReadStderr()).doesNotContain("INFO");
    }
  }

  private static Path sshKeygen(Path dir, String name) throws Exception {
    Path key = dir.resolve(name);
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ssh-keygen exited").isTrue();
    assertThat(p.exitValue()).as("ssh-keygen: " + out).isZero();
    return key;
  }

  @Test
  void echoServesRawChannels() throws Exception {
    try (Qtalk echo = Qtalk.start("serve", "qmux+tcp://127.0.0.1:0", "--echo");
        Session s = Transports.connect(URI.create(echo.listeningUri()))) {
      Channel ch = s.open();
      byte[] data = "raw bytes, not rpc".getBytes(StandardCharsets.UTF_8);
      ch.outputStream().write(data);
      ch.closeWrite();
      assertThat(ch.inputStream().readAllBytes()).isEqualTo(data);
      ch.close();
    }
  }

  @Test
  void staticServesAPageBesideTheWebSocketEndpoint(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("index.html"), "<p>served by qtalk</p>");
    try (Qtalk ws = Qtalk.start("serve", "qmux+ws://127.0.0.1:0/qtalk", "--static", dir.toString())) {
      URI at = URI.create(ws.listeningUri());
      var page = (java.net.HttpURLConnection) URI.create("http://127.0.0.1:" + at.getPort() + "/index.html").toURL().openConnection();
      page.setConnectTimeout(30_000);
      page.setReadTimeout(30_000);
      assertThat(page.getResponseCode()).isEqualTo(200);
      try (var body = page.getInputStream()) {
        assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("<p>served by qtalk</p>");
      }
      Qtalk.Result r = Qtalk.run("call", at.toString(), "greet", "\"web\"");
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).isEqualTo("\"hello, web\"");
    }
  }

  @Test
  void staticNeedsAWebSocketSchemeAndAFolder(@TempDir Path dir) throws Exception {
    Qtalk.Result r = Qtalk.run("serve", "qmux+tcp://127.0.0.1:0", "--static", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).contains("--static").contains("needs a qmux+ws:// or qmux+wss:// URI");

    r = Qtalk.run("serve", "qmux+ws://127.0.0.1:0/q", "--static", dir.resolve("missing").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).endsWith("no such directory");
  }
}
