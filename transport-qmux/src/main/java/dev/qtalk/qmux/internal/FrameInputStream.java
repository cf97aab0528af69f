package dev.qtalk.qmux.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Incoming WebSocket binary frames read as one continuous byte stream, with a bounded buffer: the
 * thread that delivers frames waits in {@link #offer} while {@code limit} bytes are unread (one
 * frame larger than the limit is let in when nothing else is buffered), so a fast peer is slowed
 * down by TCP instead of filling memory.
 */
final class FrameInputStream extends InputStream {
  private final long limit;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition room = lock.newCondition();
  // guarded by lock
  private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>();
  private long buffered;
  private boolean finished;
  private boolean closed;
  private IOException failure;

  FrameInputStream(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
    this.limit = limit;
  }

  /**
   * Adds a frame's payload (the buffer is kept, not copied), waiting while the buffer is full.
   * Returns false, dropping the frame, once the stream is closed or has ended.
   */
  boolean offer(ByteBuffer frame) throws InterruptedException {
    Objects.requireNonNull(frame, "frame");
    lock.lockInterruptibly();
    try {
      while (!closed && !finished && buffered > 0 && buffered + frame.remaining() > limit) {
        room.await();
      }
      if (closed || finished) {
        return false;
      }
      if (frame.hasRemaining()) {
        buffered += frame.remaining();
        frames.add(frame);
        readable.signal();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The peer ended the stream: reads drain what is buffered, then see the end. */
  void finish() {
    end(null);
  }

  /** The stream failed: reads drain what is buffered, then throw {@code cause}. */
  void fail(IOException cause) {
    end(Objects.requireNonNull(cause, "cause"));
  }

  private void end(IOException cause) {
    lock.lock();
    try {
      if (!finished) {
        finished = true;
        failure = cause;
      }
      readable.signalAll();
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many bytes are buffered (for tests). */
  long buffered() {
    lock.lock();
    try {
      return buffered;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      throw interrupted();
    }
    try {
      while (frames.isEmpty()) {
        if (closed) {
          throw new IOException("the WebSocket connection is closed");
        }
        if (finished) {
          if (failure != null) {
            throw failure;
          }
          return -1;
        }
        try {
          readable.await();
        } catch (InterruptedException e) {
          throw interrupted();
        }
      }
      int n = 0;
      while (n < len && !frames.isEmpty()) {
        ByteBuffer head = frames.peek();
        int k = Math.min(len - n, head.remaining());
        head.get(b, off + n, k);
        n += k;
        if (!head.hasRemaining()) {
          WsDraft.release(frames.poll());
        }
      }
      buffered -= n;
      room.signalAll();
      return n;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int available() {
    lock.lock();
    try {
      return (int) Math.min(Integer.MAX_VALUE, buffered);
    } finally {
      lock.unlock();
    }
  }

  /** Drops what is buffered and releases every waiting reader and writer. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      frames.clear();
      buffered = 0;
      readable.signalAll();
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static InterruptedIOException interrupted() {
    Thread.currentThread().interrupt();
    return new InterruptedIOException("read: interrupted");
  }
}
