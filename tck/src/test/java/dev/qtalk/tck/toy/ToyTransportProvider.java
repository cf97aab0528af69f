package dev.qtalk.tck.toy;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.spi.TransportProvider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Scheme {@code toy}: a small in-memory transport written only against qtalk's public API, the
 * example that {@code tck/README.md} certifies. {@code toy:NAME} names a listener in this JVM.
 * Declared in {@code META-INF/services/dev.qtalk.spi.TransportProvider} of the test resources.
 */
public final class ToyTransportProvider implements TransportProvider {
  private static final ConcurrentHashMap<String, ToyListener> LISTENERS = new ConcurrentHashMap<>();

  @Override
  public String scheme() {
    return "toy";
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Session connect(URI uri, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    ToyListener listener = LISTENERS.get(name(uri));
    if (listener == null) {
      throw new ConnectException("toy: nobody listens on " + uri);
    }
    ToySession[] pair = ToySession.pair(name(uri), options);
    listener.pending.add(pair[1]);
    return pair[0];
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    ToyListener listener = new ToyListener(name(uri));
    if (LISTENERS.putIfAbsent(listener.name, listener) != null) {
      throw new IOException("toy: " + uri + " is already in use");
    }
    return listener;
  }

  private static String name(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String name = uri.getSchemeSpecificPart().replaceFirst("^/+", "");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("uri: " + uri + " (expected: toy:NAME)");
    }
    return name;
  }

  private static final class ToyListener implements SessionListener {
    private static final Session CLOSED = ToySession.pair("closed", Options.defaults())[0];
    final String name;
    final LinkedBlockingQueue<Session> pending = new LinkedBlockingQueue<>();

    ToyListener(String name) {
      this.name = name;
    }

    @Override
    public Session accept() throws IOException {
      try {
        Session s = pending.take();
        if (s == CLOSED) {
          pending.add(CLOSED);
          throw new SessionClosedException("toy listener " + name + " is closed");
        }
        return s;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("accept: interrupted");
      }
    }

    @Override
    public SocketAddress localAddress() {
      return new ToySession.ToyAddress(name);
    }

    @Override
    public URI uri() {
      return URI.create("toy:" + name);
    }

    @Override
    public void close() {
      if (LISTENERS.remove(name, this)) {
        pending.add(CLOSED);
      }
    }
  }
}
