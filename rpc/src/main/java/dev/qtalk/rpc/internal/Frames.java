package dev.qtalk.rpc.internal;

import dev.qtalk.Channel;
import dev.qtalk.rpc.FrameTooLargeException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Frames on a call's channel: a big-endian uint32 length, then that many bytes of one encoded
 * value. Reads take exactly the frame's bytes from the channel (no read-ahead), so a continued
 * call can switch to raw bytes right after its last frame.
 */
public final class Frames {
  /** Frames are at most 16 MiB unless configured otherwise. */
  public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

  private Frames() {}

  /**
   * How much of a frame's body is allocated before its bytes arrive. A length prefix is only a
   * claim: a peer that sends {@code maxFrameSize} in four bytes on many calls at once must not make
   * us allocate that much for each, so the body buffer grows as its bytes come in.
   */
  static final int INITIAL_BODY_BUFFER = 64 * 1024;

  /**
   * Reads one frame's body, or returns null if the channel ended cleanly before a frame began.
   *
   * @throws FrameTooLargeException if the length exceeds {@code maxFrameSize}; nothing of the body
   *     was read or allocated
   * @throws EOFException if the channel ended inside a frame
   */
  public static byte[] read(Channel channel, int maxFrameSize) throws IOException {
    ByteBuffer prefix = ByteBuffer.allocate(4);
    if (!fill(channel, prefix, true)) {
      return null;
    }
    long length = prefix.getInt(0) & 0xffff_ffffL;
    if (length > maxFrameSize) {
      throw new FrameTooLargeException(length, maxFrameSize);
    }
    int size = (int) length;
    ByteBuffer body = ByteBuffer.allocate(Math.min(size, INITIAL_BODY_BUFFER));
    while (true) {
      fill(channel, body, false, size);
      if (body.capacity() == size) {
        return body.array();
      }
      int grown = (int) Math.min(size, 2L * body.capacity());
      body = ByteBuffer.allocate(grown).put(body.flip());
    }
  }

  /** Writes one frame (prefix and body in a single write, as qtalk-go does). */
  public static void write(Channel channel, byte[] body) throws IOException {
    ByteBuffer frame = ByteBuffer.allocate(4 + body.length);
    frame.putInt(body.length).put(body).flip();
    while (frame.hasRemaining()) {
      channel.write(frame);
    }
  }

  /**
   * Writes several frames in one channel write: the call header with its argument, or the reply
   * header with its values, go out as one transport message where the transport allows.
   */
  public static void writeAll(Channel channel, byte[]... bodies) throws IOException {
    int size = 0;
    for (byte[] b : bodies) {
      size = Math.addExact(size, 4 + b.length);
    }
    ByteBuffer frames = ByteBuffer.allocate(size);
    for (byte[] b : bodies) {
      frames.putInt(b.length).put(b);
    }
    frames.flip();
    while (frames.hasRemaining()) {
      channel.write(frames);
    }
  }

  /** The bytes of one frame holding {@code body}. */
  public static byte[] encode(byte[] body) {
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  private static boolean fill(Channel channel, ByteBuffer buf, boolean eofAllowedAtStart)
      throws IOException {
    return fill(channel, buf, eofAllowedAtStart, buf.capacity());
  }

  /** Fills {@code buf}, which holds the first part of {@code total} bytes expected. */
  private static boolean fill(Channel channel, ByteBuffer buf, boolean eofAllowedAtStart, int total)
      throws IOException {
    while (buf.hasRemaining()) {
      int n = channel.read(buf);
      if (n < 0) {
        if (eofAllowedAtStart && buf.position() == 0) {
          return false;
        }
        throw new EOFException(
            "channel ended inside a frame: read "
                + buf.position()
                + " of "
                + total
                + (eofAllowedAtStart ? " length bytes" : " body bytes"));
      }
    }
    return true;
  }
}
