package dev.qtalk.tck.toy;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.OpenRefusedException;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.StandardOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of a toy session: two of these are joined back to back in memory. An open puts the
 * other end of a new channel into the peer's accept backlog (refused when it is full); closing
 * either end ends both, as a dropped connection would.
 */
final class ToySession implements Session {
  private final String name;
  private final int window;
  private final int backlogLimit;
  private final Duration openTimeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition acceptable = lock.newCondition();
  private final ArrayDeque<ToyChannel> backlog = new ArrayDeque<>();
  private final Set<ToyChannel> channels = new HashSet<>();
  private final AtomicLong ids = new AtomicLong();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private ToySession peer;
  private String ended; // guarded by lock

  private ToySession(String name, Options options) {
    this.name = name;
    this.window = options.get(StandardOptions.WINDOW_SIZE);
    this.backlogLimit = options.get(StandardOptions.ACCEPT_BACKLOG);
    this.openTimeout = options.get(StandardOptions.OPEN_TIMEOUT);
  }

  /** Two joined ends: [0] the dialling side, [1] the accepting side. */
  static ToySession[] pair(String name, Options options) {
    ToySession client = new ToySession(name + "#client", options);
    ToySession server = new ToySession(name + "#server", options);
    client.peer = server;
    server.peer = client;
    return new ToySession[] {client, server};
  }

  @Override
  public Channel open() throws IOException {
    return open(openTimeout);
  }

  @Override
  public Channel open(Duration timeout) throws IOException {
    Objects.requireNonNull(timeout, "timeout");
    ToyPipe toPeer = new ToyPipe(peer.window); // the receiver's window bounds what we may send
    ToyPipe fromPeer = new ToyPipe(window);
    ToyChannel mine = new ToyChannel(this, ids.incrementAndGet(), fromPeer, toPeer);
    ToyChannel theirs = new ToyChannel(peer, peer.ids.incrementAndGet(), toPeer, fromPeer);
    register(mine);
    if (!peer.offer(theirs)) {
      forget(mine);
      throw new OpenRefusedException("open: the peer's accept backlog is full (" + peer.backlogLimit + ")");
    }
    return mine;
  }

  private void register(ToyChannel ch) throws SessionClosedException {
    lock.lock();
    try {
      if (ended != null) {
        throw new SessionClosedException("session " + name + " ended: " + ended);
      }
      channels.add(ch);
    } finally {
      lock.unlock();
    }
  }

  private boolean offer(ToyChannel ch) throws SessionClosedException {
    lock.lock();
    try {
      if (ended != null) {
        throw new SessionClosedException("session " + name + " ended: " + ended);
      }
      if (backlog.size() >= backlogLimit) {
        return false;
      }
      channels.add(ch);
      backlog.add(ch);
      acceptable.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  void forget(ToyChannel ch) {
    lock.lock();
    try {
      channels.remove(ch);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Channel accept() throws IOException {
    return acceptBy(Long.MAX_VALUE);
  }

  @Override
  public Channel accept(Duration timeout) throws IOException {
    Objects.requireNonNull(timeout, "timeout");
    // zero and negative: do not wait (a deadline already passed)
    return acceptBy(timeout.isNegative() ? System.nanoTime() : System.nanoTime() + timeout.toNanos());
  }

  private Channel acceptBy(long deadline) throws IOException {
    try {
      lock.lockInterruptibly();
      try {
        while (backlog.isEmpty()) {
          if (ended != null) {
            throw new SessionClosedException("session " + name + " ended: " + ended);
          }
          if (deadline == Long.MAX_VALUE) {
            acceptable.await();
          } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              throw new DeadlineExceededException("accept: no channel opened in time");
            }
            acceptable.awaitNanos(left);
          }
        }
        return backlog.poll();
      } finally {
        lock.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("accept: interrupted");
    }
  }

  @Override
  public SocketAddress localAddress() {
    return new ToyAddress(name);
  }

  @Override
  public SocketAddress remoteAddress() {
    return new ToyAddress(peer.name);
  }

  @Override
  public boolean isOpen() {
    lock.lock();
    try {
      return ended == null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  @Override
  public Optional<IOException> closeCause() {
    return Optional.empty(); // a toy session only ever ends in an orderly way
  }

  @Override
  public void close() {
    end("closed locally");
    peer.end("the peer closed the session");
  }

  private void end(String why) {
    List<ToyChannel> all;
    lock.lock();
    try {
      if (ended != null) {
        return;
      }
      ended = why;
      all = new ArrayList<>(channels);
      channels.clear();
      backlog.clear();
      acceptable.signalAll();
    } finally {
      lock.unlock();
    }
    String message = "session " + name + " ended: " + why;
    all.forEach(ch -> ch.sessionEnded(message));
    closeFuture.complete(null);
  }

  /** A toy session's address: just its name. */
  static final class ToyAddress extends SocketAddress {
    private final String name;

    ToyAddress(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return "toy:" + name;
    }
  }
}
