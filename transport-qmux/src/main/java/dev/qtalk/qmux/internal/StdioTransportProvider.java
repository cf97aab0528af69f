package dev.qtalk.qmux.internal;

import dev.qtalk.Option;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.spi.TransportProvider;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scheme {@code qmux+stdio}: qmux over this process's standard input and output, as a subprocess
 * that a parent drives through its pipes ({@code qmux+stdio:-}; whatever follows the scheme is
 * ignored). {@code connect} starts the session at once; {@code listen} gives a listener whose first
 * {@code accept} returns that one session and whose later accepts wait until it is closed.
 *
 * <p><b>Standard output then carries qmux bytes only:</b> anything else printed to it (a log line,
 * a stray {@code System.out.println}) corrupts the session. Log to standard error. The streams are
 * used directly (file descriptors 0 and 1), not through {@code System.out}, and are closed when the
 * session ends. Closing a file descriptor does not wake a thread blocked reading it, so after a
 * local {@code close()} the session's reader finishes only when the parent closes the pipe (or the
 * process exits); every application call is released at once all the same.
 */
public final class StdioTransportProvider implements TransportProvider {
  private static final AtomicBoolean IN_USE = new AtomicBoolean();

  @Override
  public String scheme() {
    return "qmux+stdio";
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
    return QmuxSession.start(stdio(), options);
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    return new QmuxListener(new OnceAcceptor(stdio(), URI.create(scheme() + ":-")), options);
  }

  /** Standard input and output, claimed once per process: two sessions on them would corrupt both. */
  private static Connection stdio() throws IOException {
    if (!IN_USE.compareAndSet(false, true)) {
      throw new IOException("qmux+stdio: standard input and output already carry a session");
    }
    InputStream in = new FileInputStream(FileDescriptor.in);
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    NamedAddress address = new NamedAddress("stdio");
    return new StreamConnection(in, out, () -> {}, address, address);
  }

  /** Yields one connection, then waits until closed. */
  private static final class OnceAcceptor implements QmuxListener.Acceptor {
    private final URI uri;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicReference<Connection> connection;

    OnceAcceptor(Connection connection, URI uri) {
      this.connection = new AtomicReference<>(connection);
      this.uri = uri;
    }

    @Override
    public Connection accept() throws IOException {
      Connection c = connection.getAndSet(null);
      if (c != null) {
        return c;
      }
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("accept: interrupted");
      }
      throw new SessionClosedException("listener " + uri + " is closed");
    }

    @Override
    public SocketAddress localAddress() {
      return new NamedAddress("stdio");
    }

    @Override
    public URI uri() {
      return uri;
    }

    @Override
    public void close() throws IOException {
      Connection unused = connection.getAndSet(null);
      closed.countDown();
      if (unused != null) {
        unused.close();
      }
    }
  }
}
