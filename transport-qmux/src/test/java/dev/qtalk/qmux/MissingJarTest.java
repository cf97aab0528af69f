package dev.qtalk.qmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.TransportNotFoundException;
import dev.qtalk.Transports;
import dev.qtalk.qmux.internal.TcpTransportProvider;
import java.io.File;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A class path without Java-WebSocket: the WebSocket providers cannot be loaded, and everything
 * else still works. Runs in a child JVM whose class path is this module's classes and the api's,
 * and nothing else.
 */
class MissingJarTest {

  @Test
  void tcpWorksAndWebSocketSaysWhyWithoutTheWebSocketJar() throws Exception {
    String classPath = String.join(File.pathSeparator,
        location(Transports.class), location(TcpTransportProvider.class), location(MissingJarTest.class));
    Process child = new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp", classPath, Child.class.getName())
        .redirectErrorStream(true)
        .start();
    child.getOutputStream().close();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();

    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("echo: hello")
        .contains("loaded: mem qmux+stdio qmux+tcp qmux+tls qmux+unix")
        .contains("no transport for scheme 'qmux+ws'")
        .contains("NoClassDefFoundError org/java_websocket/")
        .contains("provided by dev.qtalk:qtalk-transport-qmux");
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** The child: a qmux+tcp round trip, then a qmux+ws connect that must fail with its reason. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      StringBuilder schemes = new StringBuilder("loaded:");
      Transports.providers().forEach(p -> schemes.append(' ').append(p.scheme()));
      System.out.println(schemes);
      try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"));
          Session client = Transports.connect(listener.uri());
          Session server = listener.accept()) {
        var out = client.open();
        out.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
        out.closeWrite();
        var in = server.accept();
        System.out.println("echo: " + new String(in.inputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      try {
        Transports.connect(URI.create("qmux+ws://127.0.0.1:9/"));
        System.out.println("qmux+ws connected, unexpectedly");
      } catch (TransportNotFoundException e) {
        System.out.println(e.getMessage());
      }
    }
  }
}
