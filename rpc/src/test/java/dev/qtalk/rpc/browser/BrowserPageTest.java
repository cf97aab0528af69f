package dev.qtalk.rpc.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Options;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import dev.qtalk.qmux.WebSocketOptions;
import dev.qtalk.rpc.Server;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A web page served by a Java qmux+ws listener, in a real headless Chromium: the page
 * (interop/browser/src/app.js, npm {@code @progrium/duplex} bundled by esbuild) calls Java's
 * handlers and answers Java's calls on the same session, over {@code ws} and {@code wss}, and a
 * page of another origin is refused. Screenshots go to {@code target/browser/}.
 */
@Timeout(300)
class BrowserPageTest {
  private static final Path SHOTS = Path.of("target", "browser").toAbsolutePath();
  private static final List<String> CHECKS =
      List.of(
          "unary echo",
          "fail error",
          "stream of values",
          "raw bytes after a continued reply, 8 MiB each way",
          "100 channels open at once",
          "Java calls the page back");

  @TempDir static Path tmp;

  @BeforeAll
  static void ready() {
    Chromium.assumeReady();
  }

  /** A listener serving the page and rpc at /qmux; its sessions run the page's handlers. */
  private record PageServer(SessionListener listener, PageHandlers handlers) implements AutoCloseable {
    static PageServer start(String scheme, Options extra) throws IOException {
      Options options = Options.builder().setAll(extra).set(WebSocketOptions.STATIC_DIR, Chromium.PAGE).build();
      SessionListener listener = Transports.listen(URI.create(scheme + "://127.0.0.1:0/qmux"), options);
      PageHandlers handlers = new PageHandlers();
      Server server = Server.of(handlers.mux());
      Thread.ofVirtual().name("page-server").start(() -> {
        try {
          server.serve(listener);
        } catch (IOException e) {
          // the listener closed
        }
      });
      return new PageServer(listener, handlers);
    }

    String page(String host, String query) {
      String http = listener.uri().getScheme().endsWith("wss") ? "https" : "http";
      return http + "://" + host + ":" + listener.uri().getPort() + "/index.html?" + query;
    }

    @Override
    public void close() {
      listener.close();
    }
  }

  private static void assertAllPassed(Chromium.Report report) {
    assertThat(report.checks()).as("what the page reported: %s", report.lines()).containsKeys(CHECKS.toArray(String[]::new));
    assertThat(report.checks().values()).as("what the page reported: %s", report.lines()).containsOnly("ok");
    assertThat(report.exitCode()).isZero();
    assertThat(report.figures()).containsKeys("unary round trip median ms");
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "cbor"})
  void aPageCallsJavaAndJavaCallsThePageBack(String codec) throws Exception {
    try (PageServer server = PageServer.start("qmux+ws", Options.defaults())) {
      Path shot = SHOTS.resolve("page-" + codec + ".png");
      Chromium.Report report = Chromium.open(server.page("127.0.0.1", "codec=" + codec), shot, null);
      assertAllPassed(report);
      assertThat(Files.size(shot)).as("screenshot").isPositive();
      // what Java got from the page, checked on the Java side too
      Map<String, Object> back = server.handlers().reverseResults.poll(10, TimeUnit.SECONDS);
      assertThat(back)
          .containsEntry("add", 42)
          .containsEntry("upper", "QTALK")
          .containsEntry("error", "page says no: please")
          .containsEntry("count", List.of(1, 2, 3, 4, 5));
      System.out.println("browser " + codec + " figures: " + report.figures());
    }
  }

  /** A test CA, and a server certificate it issued for 127.0.0.1 and localhost. */
  private static X509Bundle[] certificates() throws Exception {
    Instant now = Instant.now();
    X509Bundle ca =
        new CertificateBuilder()
            .subject("CN=qtalk test CA")
            .setIsCertificateAuthority(true)
            .setKeyUsage(true, CertificateBuilder.KeyUsage.keyCertSign, CertificateBuilder.KeyUsage.cRLSign)
            .notBefore(now.minus(Duration.ofHours(1)))
            .notAfter(now.plus(Duration.ofDays(7)))
            .ecp256()
            .buildSelfSigned();
    X509Bundle leaf =
        new CertificateBuilder()
            .subject("CN=localhost")
            .addSanDnsName("localhost")
            .addSanIpAddress("127.0.0.1")
            .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature)
            .addExtendedKeyUsageServerAuth()
            .notBefore(now.minus(Duration.ofHours(1)))
            .notAfter(now.plus(Duration.ofDays(7)))
            .ecp256()
            .buildIssuedBy(ca);
    return new X509Bundle[] {ca, leaf};
  }

  @Test
  void overWssTheBrowserVerifiesTheCertificateAgainstTheCaItWasGiven() throws Exception {
    X509Bundle[] certs = certificates();
    Path caPem = tmp.resolve("ca.pem");
    Files.writeString(caPem, certs[0].getCertificatePEM());
    Options tls = Options.of(StandardOptions.TLS_KEY_MANAGER, certs[1].toKeyManagerFactory());
    try (PageServer server = PageServer.start("qmux+wss", tls)) {
      Chromium.Report trusted = Chromium.open(server.page("localhost", "codec=json"), SHOTS.resolve("page-wss.png"), caPem);
      assertAllPassed(trusted);
      // without the CA, the same page does not even load: verification is real
      Chromium.Report untrusted = Chromium.open(server.page("localhost", "codec=json"), null, null);
      assertThat(untrusted.exitCode()).isNotZero();
      assertThat(untrusted.lines()).anySatisfy(l -> assertThat(l).startsWith("FAIL load").contains("ERR_CERT_AUTHORITY_INVALID"));
    }
  }

  @Test
  void aPageOfAnotherOriginIsRefusedAndAnAllowedOneIsNot() throws Exception {
    try (PageServer api = PageServer.start("qmux+ws", Options.defaults());
        PageServer other = PageServer.start("qmux+ws", Options.defaults())) {
      String ws = "ws://127.0.0.1:" + api.listener().uri().getPort() + "/qmux";
      Chromium.Report report =
          Chromium.open(other.page("127.0.0.1", "mode=refused&ws=" + ws), SHOTS.resolve("page-foreign-origin.png"), null);
      assertThat(report.checks()).containsEntry("a page of another origin is refused", "ok");
      assertThat(report.exitCode()).isZero();
    }
    try (PageServer other = PageServer.start("qmux+ws", Options.defaults())) {
      String origin = "http://127.0.0.1:" + other.listener().uri().getPort();
      try (PageServer api = PageServer.start("qmux+ws", Options.of(WebSocketOptions.ALLOWED_ORIGINS, origin))) {
        String ws = "ws://127.0.0.1:" + api.listener().uri().getPort() + "/qmux";
        Chromium.Report report = Chromium.open(other.page("127.0.0.1", "codec=json&ws=" + ws), null, null);
        assertAllPassed(report);
      }
    }
  }
}
