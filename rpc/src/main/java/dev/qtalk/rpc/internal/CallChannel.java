package dev.qtalk.rpc.internal;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Session;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The channel of a call a server is running. Besides the handler, a watcher may read from it
 * while the handler does not, to learn that the caller hung up; what the watcher reads is kept
 * and handed to the handler's next read, so no byte is lost or reordered. The watcher goes on
 * reading while it holds less than {@link #WATCH_LIMIT} unread bytes, so a caller that sends a
 * value the handler never reads and then hangs up is still seen to hang up. One read is in
 * progress at a time; the lock is never held across the read itself.
 */
public final class CallChannel implements Channel {
  private static final int WATCH_BUFFER = 4096;
  /**
   * Unread bytes at which the watcher stops reading until the handler reads: past it, flow
   * control holds the caller back, and a hang-up is seen once the handler reads again.
   */
  static final int WATCH_LIMIT = 64 * 1024;

  private final Channel channel;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private boolean reading;
  private ByteBuffer pending;
  private boolean ended;
  private boolean closed;
  private IOException failure;

  public CallChannel(Channel channel) {
    this.channel = channel;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining()) {
      return 0;
    }
    lock.lock();
    try {
      while (true) {
        if (pending != null) {
          int n = Math.min(dst.remaining(), pending.remaining());
          ByteBuffer slice = pending.slice(pending.position(), n);
          dst.put(slice);
          pending.position(pending.position() + n);
          if (!pending.hasRemaining()) {
            pending = null;
          }
          idle.signalAll(); // a watcher may wait for room
          return n;
        }
        if (failure != null) {
          throw failure;
        }
        if (ended) {
          return -1;
        }
        if (!reading) {
          reading = true;
          break;
        }
        awaitIdle();
      }
    } finally {
      lock.unlock();
    }
    try {
      return channel.read(dst);
    } finally {
      release();
    }
  }

  /**
   * Reads what the caller sends next, when nobody else is reading and less than {@link
   * #WATCH_LIMIT} bytes read are unconsumed (waiting for that first). Returns false once the caller's side has ended (end of stream, a
   * closed or reset channel, a closed session): for a call that has not answered, the caller has
   * hung up.
   */
  public boolean watch() throws InterruptedIOException {
    lock.lock();
    try {
      while ((reading || heldLocked() >= WATCH_LIMIT) && !closed) {
        awaitIdle();
      }
      if (ended || failure != null || closed) {
        return false;
      }
      reading = true;
    } finally {
      lock.unlock();
    }
    ByteBuffer buf = ByteBuffer.allocate(WATCH_BUFFER);
    int n;
    IOException failed = null;
    try {
      n = channel.read(buf);
    } catch (DeadlineExceededException e) {
      n = 0; // the handler's read timeout: nothing is known yet
    } catch (InterruptedIOException e) {
      release();
      throw e;
    } catch (IOException e) {
      failed = e;
      n = -1;
    }
    lock.lock();
    try {
      reading = false;
      if (failed != null) {
        failure = failed;
      } else if (n < 0) {
        ended = true;
      } else if (n > 0) {
        hold(buf.flip());
      }
      idle.signalAll();
      return n >= 0;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes the watcher read that the handler has not. */
  int heldBytes() {
    lock.lock();
    try {
      return heldLocked();
    } finally {
      lock.unlock();
    }
  }

  private int heldLocked() {
    return pending == null ? 0 : pending.remaining();
  }

  /** Keeps what the watcher read behind what it already holds. */
  private void hold(ByteBuffer read) {
    if (pending == null) {
      pending = read;
    } else {
      pending = ByteBuffer.allocate(pending.remaining() + read.remaining()).put(pending).put(read).flip();
    }
  }

  private void release() {
    lock.lock();
    try {
      reading = false;
      idle.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void awaitIdle() throws InterruptedIOException {
    try {
      idle.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("read: interrupted");
    }
  }

  @Override
  public long id() {
    return channel.id();
  }

  @Override
  public Session session() {
    return channel.session();
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return channel.write(src);
  }

  @Override
  public void closeWrite() throws IOException {
    channel.closeWrite();
  }

  @Override
  public void close() throws IOException {
    markClosed();
    channel.close();
  }

  private void markClosed() {
    lock.lock();
    try {
      closed = true;
      idle.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void abort() {
    markClosed();
    channel.abort();
  }

  @Override
  public void readTimeout(Duration timeout) {
    channel.readTimeout(timeout);
  }

  @Override
  public Duration readTimeout() {
    return channel.readTimeout();
  }

  @Override
  public void writeTimeout(Duration timeout) {
    channel.writeTimeout(timeout);
  }

  @Override
  public Duration writeTimeout() {
    return channel.writeTimeout();
  }

  @Override
  public String toString() {
    return channel.toString();
  }
}
