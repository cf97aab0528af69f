package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.qmux.Qmux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code qmux+stdio} in a real child JVM ({@link StdioPeer}), driven through its pipes with {@link
 * Qmux#session}.
 */
@Timeout(60)
class StdioTransportTest {

  @ParameterizedTest
  @ValueSource(strings = {"connect", "listen"})
  void childOverStdioOpensAndEchoesChannels(String mode) throws Exception {
    Process child = startChild(mode);
    try {
      Session session = Qmux.session(child.getInputStream(), child.getOutputStream(), "child", Options.defaults());
      assertThat(session.remoteAddress()).hasToString("child");

      Channel hello = session.accept(Duration.ofSeconds(20));
      assertThat(new String(hello.inputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("hello from the child");

      Channel echo = session.open(Duration.ofSeconds(10));
      CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> Exchange.digestOfAll(echo));
      byte[] sent = Exchange.writeRandom(echo.outputStream(), 1024 * 1024, 7);
      echo.closeWrite();
      assertThat(back.get(30, TimeUnit.SECONDS)).isEqualTo(sent);

      session.close();
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("the child exits when the session ends").isTrue();
      assertThat(child.exitValue()).isZero();
      session.closeFuture().get(10, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aChildThatExitsEndsTheSession() throws Exception {
    Process child = startChild("connect");
    try {
      Session session = Qmux.session(child.getInputStream(), child.getOutputStream(), "child", Options.defaults());
      session.accept(Duration.ofSeconds(20));
      child.destroyForcibly();
      session.closeFuture().get(20, TimeUnit.SECONDS);
      assertThat(session.isOpen()).isFalse();
    } finally {
      child.destroyForcibly();
    }
  }

  private static Process startChild(String mode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ProcessBuilder(java, "-cp", cp, StdioPeer.class.getName(), mode)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }
}
