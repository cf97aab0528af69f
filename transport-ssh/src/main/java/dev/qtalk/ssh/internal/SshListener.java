package dev.qtalk.ssh.internal;

import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.spi.Waits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Listens with a MINA {@link QtalkSshServer}. Sessions are delivered once their peer has logged in;
 * closing the listener stops accepting connections and leaves accepted sessions open (the server's
 * threads stop once the last of them ends).
 */
final class SshListener implements SessionListener {
  /** Logged-in sessions waiting for {@link #accept()}; beyond this, new ones are closed. */
  static final int BACKLOG = 256;

  private final QtalkSshServer server;
  private final String scheme;
  private volatile InetSocketAddress bound;
  private final java.util.concurrent.atomic.AtomicInteger connections =
      new java.util.concurrent.atomic.AtomicInteger();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<Session> ready = new ArrayDeque<>(); // guarded by lock
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** Call {@link #start()} once the server is configured; its session events may come at once. */
  SshListener(QtalkSshServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
  }

  /** Binds the server; a server that cannot start is stopped. */
  SshListener start() throws IOException {
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.stop(true);
      throw e;
    }
    SocketAddress a = server.getBoundAddresses().iterator().next();
    this.bound = (InetSocketAddress) a;
    return this;
  }

  /** Called when the server accepts a connection (before login). */
  void connectionStarted() {
    connections.incrementAndGet();
  }

  /** A session whose peer has logged in; closed at once if the listener is closed or full. */
  void deliver(Session session) {
    lock.lock();
    try {
      if (!closed.get() && ready.size() < BACKLOG) {
        ready.add(session);
        arrived.signal();
        return;
      }
    } finally {
      lock.unlock();
    }
    SshSession.LOG.log(System.Logger.Level.WARNING, () -> this + ": dropping " + session + " (closed or backlog full)");
    session.close();
  }

  @Override
  public Session accept() throws IOException {
    Waits.lockInterruptibly(lock, "accept");
    try {
      while (ready.isEmpty()) {
        if (closed.get()) {
          throw new SessionClosedException("listener " + uri() + " is closed");
        }
        try {
          arrived.await();
        } catch (InterruptedException e) {
          throw Waits.interrupted("accept");
        }
      }
      return ready.removeFirst();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public SocketAddress localAddress() {
    return bound;
  }

  @Override
  public URI uri() {
    String host = bound.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create(scheme + "://" + host + ":" + bound.getPort());
  }

  /** Called when one of the server's connections ends. */
  void connectionEnded() {
    connections.decrementAndGet();
    stopIfIdle();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    java.util.List<Session> unclaimed;
    lock.lock();
    try {
      unclaimed = java.util.List.copyOf(ready);
      ready.clear();
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      server.stopListening();
    } catch (RuntimeException e) { // MINA's I/O group already gone: nothing listens any more
      SshSession.LOG.log(System.Logger.Level.DEBUG, () -> this + ": unbind: " + e);
    }
    unclaimed.forEach(Session::close);
    stopIfIdle();
  }

  private void stopIfIdle() {
    if (closed.get() && connections.get() <= 0 && stopping.compareAndSet(false, true)) {
      Thread.ofVirtual()
          .name("ssh-listener-stop")
          .start(
              () -> {
                try {
                  server.stop(true);
                } catch (IOException | RuntimeException e) {
                  SshSession.LOG.log(System.Logger.Level.DEBUG, () -> "stopping SSH server: " + e);
                }
              });
    }
  }

  @Override
  public String toString() {
    return "SshListener[" + (bound == null ? scheme + " (starting)" : uri()) + "]";
  }
}
