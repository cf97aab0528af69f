package dev.qtalk.qmux.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Objects;

/**
 * Stream views of a blocking {@link ByteChannel} that one thread may read while another writes
 * (unlike {@link java.nio.channels.Channels#newInputStream}, whose streams may hold the channel's
 * blocking lock across I/O).
 */
final class ByteChannelStreams {
  private ByteChannelStreams() {}

  static InputStream input(ByteChannel ch) {
    return new InputStream() {
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
        int n;
        do {
          n = ch.read(ByteBuffer.wrap(b, off, len));
        } while (n == 0);
        return n;
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  static OutputStream output(ByteChannel ch) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }
}
