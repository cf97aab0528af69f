package dev.qtalk.quic.internal;

import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.spi.Waits;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Accepts QUIC connections on one UDP socket. Every session it hands out shares that socket, so
 * {@link #close()} stops taking new connections at once but releases the socket only when the last
 * accepted session has ended.
 */
final class QuicListener implements SessionListener, QuicSession.Owner {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final int backlog;
  private Channel udp;
  private URI uri;
  // guarded by lock
  private final ArrayDeque<QuicSession> ready = new ArrayDeque<>();
  private final Set<QuicSession> live = new HashSet<>();
  private boolean closed;

  QuicListener(int backlog) {
    this.backlog = backlog;
  }

  void bound(Channel udp, String scheme) {
    this.udp = udp;
    InetSocketAddress a = (InetSocketAddress) udp.localAddress();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    this.uri = URI.create(scheme + "://" + host + ":" + a.getPort());
  }

  /** A handshake completed: queue the session for {@link #accept()}. Runs on the event loop. */
  void offer(QuicSession s) {
    boolean refuse;
    lock.lock();
    try {
      refuse = closed || ready.size() >= backlog;
      if (!refuse) {
        ready.addLast(s);
        live.add(s);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (refuse) {
      QuicStream.LOG.log(System.Logger.Level.DEBUG, () -> this + ": refused " + s + " (closed or backlog full)");
      s.close();
    }
  }

  @Override
  public Session accept() throws IOException {
    Waits.lockInterruptibly(lock, "accept");
    try {
      while (ready.isEmpty()) {
        if (closed) {
          throw new SessionClosedException("accept: listener " + uri + " is closed");
        }
        changed.await();
      }
      return ready.pollFirst();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("accept: interrupted");
    } finally {
      lock.unlock();
    }
  }

  @Override
  public io.netty.util.concurrent.Future<?> sessionEnded(QuicSession s) {
    boolean release;
    lock.lock();
    try {
      ready.remove(s);
      live.remove(s);
      release = closed && live.isEmpty();
    } finally {
      lock.unlock();
    }
    return release ? udp.close() : null;
  }

  @Override
  public SocketAddress localAddress() {
    return udp.localAddress();
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public void close() {
    QuicSession[] unaccepted;
    boolean release;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      unaccepted = ready.toArray(QuicSession[]::new);
      ready.clear();
      release = live.isEmpty();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (QuicSession s : unaccepted) {
      s.close();
    }
    if (release) {
      udp.close();
    }
  }

  @Override
  public String toString() {
    return "QuicListener[" + uri + "]";
  }
}
