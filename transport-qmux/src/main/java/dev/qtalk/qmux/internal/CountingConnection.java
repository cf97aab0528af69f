package dev.qtalk.qmux.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ScatteringByteChannel;
import java.util.concurrent.atomic.LongAdder;

/** Counts the bytes a session's connection carries, for {@code Session.stats()}. */
final class CountingConnection extends ForwardingConnection {
  final LongAdder received = new LongAdder();
  final LongAdder sent = new LongAdder();
  private final InputStream input;
  private final ScatteringByteChannel directInput;

  CountingConnection(Connection c) {
    super(c);
    this.input = new FilterInputStream(c.input()) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          received.increment();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        return (int) counted(super.read(buf, off, len));
      }
    };
    ScatteringByteChannel direct = c.directInput();
    this.directInput = direct == null ? null : new ScatteringByteChannel() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        return (int) counted(direct.read(dst));
      }

      @Override
      public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return counted(direct.read(dsts, offset, length));
      }

      @Override
      public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
      }

      @Override
      public boolean isOpen() {
        return direct.isOpen();
      }

      @Override
      public void close() throws IOException {
        direct.close();
      }
    };
  }

  /** Counts what one read brought in ({@code n} bytes, or -1 at the end) and returns it. */
  private long counted(long n) {
    if (n > 0) {
      received.add(n);
    }
    return n;
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public ScatteringByteChannel directInput() {
    return directInput;
  }

  @Override
  public void write(byte[] message) throws IOException {
    c.write(message);
    sent.add(message.length);
  }

  @Override
  public void write(java.nio.ByteBuffer[] parts) throws IOException {
    long n = 0;
    for (java.nio.ByteBuffer p : parts) {
      n += p.remaining();
    }
    c.write(parts);
    sent.add(n);
  }

  @Override
  public void write(java.nio.ByteBuffer batch) throws IOException {
    int n = batch.remaining();
    c.write(batch);
    sent.add(n);
  }
}
