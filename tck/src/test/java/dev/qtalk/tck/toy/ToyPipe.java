package dev.qtalk.tck.toy;

import dev.qtalk.ChannelClosedException;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.SessionClosedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of a toy channel: a queue of byte chunks bounded by the window. The writer blocks
 * while the window is full; end of stream, a closed reader and the end of the session release
 * everyone.
 */
final class ToyPipe {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private final int window;
  private int headOffset;
  private long buffered;
  private boolean eof; // the writer half-closed
  private boolean readerGone; // the reading side closed its channel
  private boolean writerGone; // the writing side closed its channel
  private String sessionEnded;

  ToyPipe(int window) {
    this.window = window;
  }

  int read(ByteBuffer dst, long deadline, long id) throws IOException {
    lockInterruptibly();
    try {
      while (buffered == 0) {
        if (readerGone) {
          throw new ChannelClosedException("read: channel " + id + " is closed");
        }
        if (eof) {
          return -1; // the peer's end of stream arrived before any end of the session
        }
        if (sessionEnded != null) {
          throw new SessionClosedException(sessionEnded);
        }
        if (writerGone) {
          return -1;
        }
        await(deadline, "read");
      }
      if (readerGone) {
        throw new ChannelClosedException("read: channel " + id + " is closed");
      }
      int n = 0;
      while (dst.hasRemaining() && !chunks.isEmpty()) {
        byte[] head = chunks.peekFirst();
        int take = Math.min(dst.remaining(), head.length - headOffset);
        dst.put(head, headOffset, take);
        headOffset += take;
        n += take;
        if (headOffset == head.length) {
          chunks.removeFirst();
          headOffset = 0;
        }
      }
      buffered -= n;
      changed.signalAll();
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Writes part of {@code src}: as much as the window takes, waiting while it is full. */
  void writeSome(ByteBuffer src, long deadline, long id) throws IOException {
    lockInterruptibly();
    try {
      while (true) {
        if (sessionEnded != null) {
          throw new SessionClosedException(sessionEnded);
        }
        if (eof || writerGone) {
          throw new ChannelClosedException("write: channel " + id + " is closed for writing");
        }
        if (readerGone) {
          throw new ChannelClosedException("write: the peer closed channel " + id);
        }
        if (!src.hasRemaining()) {
          return;
        }
        if (buffered < window) {
          int n = (int) Math.min(src.remaining(), window - buffered);
          byte[] chunk = new byte[n];
          src.get(chunk);
          chunks.add(chunk);
          buffered += n;
          changed.signalAll();
          return;
        }
        await(deadline, "write");
      }
    } finally {
      lock.unlock();
    }
  }

  void closeWrite() {
    update(() -> eof = true);
  }

  /** The writing side closed its channel: the reader drains what is there, then sees the end. */
  void writerClosed() {
    update(() -> writerGone = true);
  }

  /** The reading side closed its channel: what is buffered is dropped, writers fail. */
  void readerClosed() {
    update(
        () -> {
          readerGone = true;
          chunks.clear();
          buffered = 0;
        });
  }

  void sessionEnded(String why) {
    update(() -> sessionEnded = why);
  }

  private void update(Runnable change) {
    lock.lock();
    try {
      change.run();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void lockInterruptibly() throws InterruptedIOException {
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  private void await(long deadline, String what) throws IOException {
    try {
      if (deadline == Long.MAX_VALUE) {
        changed.await();
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new DeadlineExceededException(what + ": timed out");
      }
      changed.awaitNanos(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(what + ": interrupted");
    }
  }
}
