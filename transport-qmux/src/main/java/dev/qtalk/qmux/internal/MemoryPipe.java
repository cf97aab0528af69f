package dev.qtalk.qmux.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded in-memory byte pipe: one writer side, one reader side. Writes block while it is full,
 * reads while it is empty. Closing the writer side is end of stream for the reader once the bytes
 * in the pipe are read; closing the reader side discards what the writer writes from then on, as
 * the bytes sent to a TCP peer that has closed its socket are lost.
 */
final class MemoryPipe {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final byte[] ring;
  private int head;
  private int size;
  private boolean writerClosed;
  private boolean readerClosed;

  MemoryPipe(int capacity) {
    ring = new byte[capacity];
  }

  final InputStream in =
      new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          Objects.checkFromIndexSize(off, len, b.length);
          if (len == 0) {
            return 0;
          }
          lock.lock();
          try {
            while (size == 0) {
              if (readerClosed) {
                throw new IOException("pipe closed");
              }
              if (writerClosed) {
                return -1;
              }
              await();
            }
            int n = Math.min(len, size);
            int first = Math.min(n, ring.length - head);
            System.arraycopy(ring, head, b, off, first);
            System.arraycopy(ring, 0, b, off + first, n - first);
            head = (head + n) % ring.length;
            size -= n;
            changed.signalAll();
            return n;
          } finally {
            lock.unlock();
          }
        }

        @Override
        public void close() {
          closeReader();
        }
      };

  final OutputStream out =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          Objects.checkFromIndexSize(off, len, b.length);
          lock.lock();
          try {
            while (len > 0) {
              if (writerClosed) {
                throw new IOException("pipe closed");
              }
              if (readerClosed) {
                return; // the peer is gone: its end of the connection discards what it gets
              }
              if (size == ring.length) {
                await();
                continue;
              }
              int tail = (head + size) % ring.length;
              int n = Math.min(len, Math.min(ring.length - size, ring.length - tail));
              System.arraycopy(b, off, ring, tail, n);
              size += n;
              off += n;
              len -= n;
              changed.signalAll();
            }
          } finally {
            lock.unlock();
          }
        }

        @Override
        public void close() {
          closeWriter();
        }
      };

  /** The reader side stops: a blocked read fails, and later writes are discarded. */
  void closeReader() {
    lock.lock();
    try {
      readerClosed = true;
      size = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void await() throws InterruptedIOException {
    try {
      changed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("pipe: interrupted");
    }
  }

  /**
   * Two connections joined back to back: what one writes, the other reads. Closing one is an
   * orderly end for the other, as closing a TCP socket is: the peer reads what was sent, then end
   * of stream, and what it writes afterwards is discarded.
   */
  static Connection[] connectionPair(String name, int capacity) {
    MemoryPipe ab = new MemoryPipe(capacity);
    MemoryPipe ba = new MemoryPipe(capacity);
    NamedAddress a = new NamedAddress("mem:" + name + "#client");
    NamedAddress b = new NamedAddress("mem:" + name + "#server");
    Connection client = new StreamConnection(ba.in, ab.out, () -> closeEnd(ab, ba), a, b);
    Connection server = new StreamConnection(ab.in, ba.out, () -> closeEnd(ba, ab), b, a);
    return new Connection[] {client, server};
  }

  /** Closes one end: its outgoing pipe ends after what is in it, its incoming pipe stops. */
  private static void closeEnd(MemoryPipe outgoing, MemoryPipe incoming) {
    outgoing.closeWriter();
    incoming.closeReader();
  }

  /** The writer side stops: the reader reads what is in the pipe, then end of stream. */
  void closeWriter() {
    lock.lock();
    try {
      writerClosed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
