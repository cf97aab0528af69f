package dev.qtalk.ssh;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Connected session pairs over a real loopback SSH connection, for tests. */
public final class SshPairs {
  private SshPairs() {}

  /** A connected pair: [client, server]. The listener is closed once the server side is accepted. */
  public static Session[] connect(String scheme, Path dir, Options options) throws Exception {
    TestKeys keys = TestKeys.create(dir);
    try (SessionListener listener =
        Transports.listen(URI.create(scheme + "://127.0.0.1:0"), keys.serverOptions(options))) {
      URI uri = URI.create(scheme + "://tester@127.0.0.1:" + listener.uri().getPort());
      Session client = Transports.connect(uri, keys.clientOptions(listener, options));
      try {
        return new Session[] {client, listener.accept()};
      } catch (Exception e) {
        client.close();
        throw e;
      }
    }
  }

  /**
   * A connected pair whose key files live in a temporary directory only while connecting (the
   * files are read during the handshake and login).
   */
  public static Session[] connect(String scheme, Options options) throws Exception {
    Path dir = Files.createTempDirectory("qtalk-ssh-");
    try {
      return connect(scheme, dir, options);
    } finally {
      delete(dir);
    }
  }

  public static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
