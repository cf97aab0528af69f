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
        int n = super.read(buf, off, len);
        if (n > 0) {
          received.add(n);
        }
        return n;
      }
    };
    ScatteringByteChannel direct = c.directInput();
    this.directInput = direct == null ? null : new ScatteringByteChannel() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        int n = direct.read(dst);
        if (n > 0) {
          received.add(n);
        }
        return n;
      }

      @Override
      public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long n = direct.read(dsts, offset, length);
        if (n > 0) {
          received.add(n);
        }
        return n;
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
