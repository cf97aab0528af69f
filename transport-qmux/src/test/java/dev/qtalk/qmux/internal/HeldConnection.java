package dev.qtalk.qmux.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection whose writes can be held on a latch: after {@link #hold()}, the next write blocks
 * until {@link #release()}, as a socket with a full send buffer would, and {@link #awaitBlocked}
 * proves the writer is stuck there.
 */
final class HeldConnection implements Connection {
  private final Connection inner;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean held;
  private int blocked;

  HeldConnection(Connection inner) {
    this.inner = inner;
  }

  void hold() {
    lock.lock();
    try {
      held = true;
    } finally {
      lock.unlock();
    }
  }

  void release() {
    lock.lock();
    try {
      held = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until a write is blocked on the latch. */
  void awaitBlocked(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (blocked == 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no write blocked on the latch within " + timeout);
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  private void gate() throws IOException {
    lock.lock();
    try {
      while (held) {
        blocked++;
        changed.signalAll();
        try {
          changed.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException("held write interrupted");
        } finally {
          blocked--;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public InputStream input() {
    return inner.input();
  }

  @Override
  public void write(byte[] message) throws IOException {
    gate();
    inner.write(message);
  }

  @Override
  public void write(ByteBuffer batch) throws IOException {
    gate();
    inner.write(batch);
  }

  @Override
  public SocketAddress localAddress() {
    return inner.localAddress();
  }

  @Override
  public SocketAddress remoteAddress() {
    return inner.remoteAddress();
  }

  @Override
  public void close() throws IOException {
    release();
    inner.close();
  }
}
