package dev.qtalk.tck.qmux;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.Capability;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** The kit on qmux over a unix domain socket ({@code qmux+unix}). */
class UnixTckTest extends TransportTck {
  @Override
  protected SessionPair connect(Options options) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "qtck");
    Path socket = dir.resolve("s");
    try (SessionListener listener = Transports.listen(URI.create("qmux+unix://" + socket), options)) {
      Session client = Transports.connect(listener.uri(), options);
      return new SessionPair(client, listener.accept());
    } finally {
      // the listener deleted the socket file; the connected sessions do not need it
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.HALF_CLOSE, Capability.CONFIGURABLE_WINDOW);
  }
}
