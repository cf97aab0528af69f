package dev.qtalk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/** The {@link Channel#outputStream()} view: unbuffered, so every write reaches the channel. */
final class ChannelOutputStream extends OutputStream {
  private final Channel channel;

  ChannelOutputStream(Channel channel) {
    this.channel = channel;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    channel.write(ByteBuffer.wrap(b, off, len));
  }

  @Override
  public void close() throws IOException {
    channel.closeWrite();
  }
}
