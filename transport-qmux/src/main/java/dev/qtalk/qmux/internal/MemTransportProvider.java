package dev.qtalk.qmux.internal;

import dev.qtalk.Option;
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
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Scheme {@code mem}: qmux over in-memory pipes within one JVM, for tests. {@code mem:NAME} (or
 * {@code mem://NAME}) names a listener.
 */
public final class MemTransportProvider implements TransportProvider {
  static final int PIPE_CAPACITY = 256 * 1024;
  private static final ConcurrentHashMap<String, MemAcceptor> LISTENERS = new ConcurrentHashMap<>();

  @Override
  public String scheme() {
    return "mem";
  }

  @Override
  public Collection<Option<?>> supportedOptions() {
    return SupportedOptions.QMUX;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Session connect(URI uri, Options options) throws IOException {
    String name = name(uri);
    MemAcceptor acceptor = LISTENERS.get(name);
    if (acceptor == null) {
      throw new ConnectException("mem: nobody listens on " + name);
    }
    Connection[] pair = MemoryPipe.connectionPair(name, PIPE_CAPACITY);
    try {
      if (!acceptor.pending.offer(pair[1], 10, TimeUnit.SECONDS)) {
        throw new ConnectException("mem: listener " + name + " is not accepting");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("mem connect: interrupted");
    }
    return QmuxSession.start(pair[0], options);
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    String name = name(uri);
    MemAcceptor acceptor = new MemAcceptor(name);
    if (LISTENERS.putIfAbsent(name, acceptor) != null) {
      throw new IOException("mem: " + name + " is already in use");
    }
    return new QmuxListener(acceptor, options);
  }

  private static String name(URI uri) {
    String name = uri.getSchemeSpecificPart();
    while (name.startsWith("/")) {
      name = name.substring(1);
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("uri: " + uri + " (expected: mem:NAME)");
    }
    return name;
  }

  private static final class MemAcceptor implements QmuxListener.Acceptor {
    private static final Connection CLOSED = MemoryPipe.connectionPair("closed", 1)[0];
    final String name;
    final LinkedBlockingQueue<Connection> pending = new LinkedBlockingQueue<>(64);

    MemAcceptor(String name) {
      this.name = name;
    }

    @Override
    public Connection accept() throws IOException {
      try {
        Connection c = pending.take();
        if (c == CLOSED) {
          pending.offer(CLOSED);
          throw new SessionClosedException("mem listener " + name + " is closed");
        }
        return c;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("accept: interrupted");
      }
    }

    @Override
    public SocketAddress localAddress() {
      return new NamedAddress("mem:" + name);
    }

    @Override
    public URI uri() {
      return URI.create("mem:" + name);
    }

    @Override
    public void close() {
      LISTENERS.remove(name, this);
      pending.clear();
      pending.offer(CLOSED);
    }
  }
}
