package dev.qtalk.ssh.tck;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.ssh.SshPairs;
import dev.qtalk.ssh.TestKeys;
import dev.qtalk.tck.SessionPair;
import dev.qtalk.tck.TransportTck;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listeners for the kit's listener rules: each gets keys of its own, which its dialler uses and
 * which are deleted when the listener closes.
 */
final class SshListeners {
  private static final Map<SessionListener, TestKeys> KEYS = new ConcurrentHashMap<>();

  private SshListeners() {}

  static SessionListener listen(String scheme, Options options) throws Exception {
    Path dir = Files.createTempDirectory("qtalk-ssh-li-");
    TestKeys keys = TestKeys.create(dir);
    SessionListener l = Transports.listen(URI.create(scheme + "://127.0.0.1:0"), keys.serverOptions(options));
    SessionListener tracked = new Tracked(l, dir);
    KEYS.put(tracked, keys);
    return tracked;
  }

  static Session dial(String scheme, SessionListener listener, Options options) throws Exception {
    TestKeys keys = KEYS.get(listener);
    if (keys == null) {
      throw new IllegalArgumentException("dial: the listener was not made by SshListeners.listen");
    }
    Tracked t = (Tracked) listener;
    URI uri = URI.create(scheme + "://tester@127.0.0.1:" + t.delegate.uri().getPort());
    return Transports.connect(uri, keys.clientOptions(t.delegate, options));
  }

  /** A pair whose client reaches the server through the kit's proxy (known hosts name the proxy's port). */
  static SessionPair connectThrough(String scheme, Options options, TransportTck.Route route) throws Exception {
    try (SessionListener l = listen(scheme, options)) {
      Tracked t = (Tracked) l;
      TestKeys keys = KEYS.get(l);
      InetSocketAddress via = route.to(new InetSocketAddress("127.0.0.1", t.delegate.uri().getPort()));
      URI uri = URI.create(scheme + "://tester@127.0.0.1:" + via.getPort());
      Options client = keys.clientOptions(via.getPort(), keys.host().getPublic(), options);
      return SessionPair.connect(l, () -> Transports.connect(uri, client));
    }
  }

  /** The listener, whose close also deletes its key files. */
  private record Tracked(SessionListener delegate, Path dir) implements SessionListener {
    @Override
    public Session accept() throws java.io.IOException {
      return delegate.accept();
    }

    @Override
    public java.net.SocketAddress localAddress() {
      return delegate.localAddress();
    }

    @Override
    public URI uri() {
      return delegate.uri();
    }

    @Override
    public void close() {
      delegate.close();
      if (KEYS.remove(this) != null) {
        SshPairs.delete(dir);
      }
    }
  }
}
