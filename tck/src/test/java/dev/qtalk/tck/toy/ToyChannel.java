package dev.qtalk.tck.toy;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/** One end of a toy channel: reads from one {@link ToyPipe}, writes into the other. */
final class ToyChannel implements Channel {
  private final ToySession session;
  private final long id;
  private final ToyPipe in;
  private final ToyPipe out;
  private final ReentrantLock writeLock = new ReentrantLock(); // one write at a time, whole
  private volatile boolean closed;
  private volatile Duration readTimeout = Duration.ZERO;
  private volatile Duration writeTimeout = Duration.ZERO;

  ToyChannel(ToySession session, long id, ToyPipe in, ToyPipe out) {
    this.session = session;
    this.id = id;
    this.in = in;
    this.out = out;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    Objects.requireNonNull(dst, "dst");
    if (!dst.hasRemaining()) {
      return 0;
    }
    return in.read(dst, deadline(readTimeout), id);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    Objects.requireNonNull(src, "src");
    int total = src.remaining();
    long deadline = deadline(writeTimeout);
    try {
      writeLock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("write: interrupted");
    }
    try {
      if (total == 0) {
        out.writeSome(src, deadline, id); // only checks that writing is allowed
      }
      while (src.hasRemaining()) {
        out.writeSome(src, deadline, id);
      }
      return total;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void closeWrite() {
    writeLock.lock(); // end of stream goes after a write under way
    try {
      out.closeWrite();
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    in.readerClosed();
    out.writerClosed();
    session.forget(this);
  }

  @Override
  public void abort() {
    close();
  }

  @Override
  public boolean isOpen() {
    return !closed && session.isOpen();
  }

  void sessionEnded(String why) {
    in.sessionEnded(why);
    out.sessionEnded(why);
  }

  @Override
  public void readTimeout(Duration timeout) {
    readTimeout = checked(timeout);
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public void writeTimeout(Duration timeout) {
    writeTimeout = checked(timeout);
  }

  @Override
  public Duration writeTimeout() {
    return writeTimeout;
  }

  private static Duration checked(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
    }
    return timeout;
  }

  private static long deadline(Duration timeout) {
    return timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
  }
}
