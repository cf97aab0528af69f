package dev.qtalk.rpc.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.qmux.internal.QmuxSession;
import dev.qtalk.qmux.internal.StreamConnection;
import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.Server;
import java.io.File;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java interop checker drives the Java interop service, started as a real subprocess from the
 * documented command line and spoken to over its stdin and stdout, in both dialects and codecs.
 */
@Timeout(120)
class InteropCheckTest {

  static Stream<Arguments> combinations() {
    return Stream.of(
        Arguments.of(Codec.cbor(), Dialect.QTALK),
        Arguments.of(Codec.json(), Dialect.QTALK),
        Arguments.of(Codec.cbor(), Dialect.DUPLEX),
        Arguments.of(Codec.jsonCompact(), Dialect.DUPLEX));
  }

  /** The documented command line: java -cp "rpc/target/classes:$(cat rpc/target/interop.classpath)" ... */
  static List<String> command() throws Exception {
    Path target = Path.of("target").toAbsolutePath();
    String deps = Files.readString(target.resolve("interop.classpath"), StandardCharsets.UTF_8).trim();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(
        java, "-cp", target.resolve("classes") + File.pathSeparator + deps, InteropMain.class.getName());
  }

  @ParameterizedTest
  @MethodSource("combinations")
  void checkerPassesAgainstTheJavaServiceOverStdio(Codec codec, Dialect dialect) throws Exception {
    Process child =
        new ProcessBuilder(command()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    SocketAddress name = new SocketAddress() {
      @Override
      public String toString() {
        return "interop child " + child.pid();
      }
    };
    Session session =
        QmuxSession.start(
            new StreamConnection(child.getInputStream(), child.getOutputStream(), child.getOutputStream()::close, name, name),
            Options.defaults());
    try {
      List<String> passed = InteropChecker.check(session, codec, dialect);
      assertThat(passed)
          .containsExactly(
              "Error: test",
              "BadSelector: not found: /BadSelector",
              "Unary: 100",
              "Unary: true",
              "Unary: \"hello\"",
              "Unary: {\"foo\":\"bar\"}",
              "Unary: [1,2,3]",
              "Stream: [\"Hello\", 123, true]",
              "Bytes: 1",
              "Bytes: 1024",
              "Bytes: 1048576");
    } finally {
      session.close(); // closes the child's stdin: it sees its session end and exits
    }
    if (!child.waitFor(30, TimeUnit.SECONDS)) {
      child.destroyForcibly();
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the service exits when the session ends").isTrue();
    assertThat(child.exitValue()).isZero();
  }

  @Test
  void checkerFailsAgainstAServiceThatGetsUnaryWrong() throws Exception {
    try (SessionListener l = Transports.listen(URI.create("mem:interop-" + UUID.randomUUID()))) {
      Session checker = Transports.connect(l.uri());
      Session service = l.accept();
      try {
        var broken = InteropService.mux();
        broken.remove("Unary");
        broken.handle("Unary", (r, c) -> r.reply("not what was sent"));
        Server.of(broken).start(service);
        assertThatThrownBy(() -> InteropChecker.check(checker, Codec.cbor(), Dialect.QTALK))
            .isInstanceOf(InteropChecker.InteropCheckException.class)
            .hasMessage("Unary(100) returned \"not what was sent\"");
      } finally {
        checker.close();
        service.close();
      }
    }
  }
}
