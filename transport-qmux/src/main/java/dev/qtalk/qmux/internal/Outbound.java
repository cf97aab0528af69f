package dev.qtalk.qmux.internal;

import java.nio.ByteBuffer;

/**
 * One message waiting for the {@link FrameWriter}. It owns its bytes: a caller's DATA is copied
 * before it is queued (a large payload straight into pooled buffers, header included, which the
 * writer hands to the connection as they are; a small one into an array of its own, which the
 * writer copies into its batch with the control messages), so the caller never waits for the
 * writer.
 */
final class Outbound {
  /** DATA payloads shorter than this are copied into the writer's batch; longer ones are pre-encoded. */
  static final int ENCODE_AT = 8 * 1024;
  private static final int DATA_HEADER = 9;

  final QmuxChannel channel;
  /** The message, or null when {@link #encoded} holds it. */
  final Message message;
  /** A DATA message already encoded, header and payload, across pooled buffers; or null. */
  final ByteBuffer[] encoded;
  /** Caused by the peer (a reply): counts against the control queue limit. */
  final boolean peerFed;
  private final BufferPool<ByteBuffer> pool;
  private final int size;

  Outbound(QmuxChannel channel, Message message, boolean peerFed) {
    this.channel = channel;
    this.message = message;
    this.encoded = null;
    this.peerFed = peerFed;
    this.pool = null;
    this.size = MessageCodec.size(message);
  }

  private Outbound(QmuxChannel channel, ByteBuffer[] encoded, BufferPool<ByteBuffer> pool, int size) {
    this.channel = channel;
    this.message = null;
    this.encoded = encoded;
    this.peerFed = false;
    this.pool = pool;
    this.size = size;
  }

  /**
   * Copies {@code length} bytes of {@code src}, from its position (which does not move), into a
   * DATA message for {@code recipient}.
   */
  static Outbound data(QmuxChannel ch, long recipient, ByteBuffer src, int length, BufferPool<ByteBuffer> pool) {
    if (length < ENCODE_AT) {
      byte[] payload = new byte[length];
      src.get(src.position(), payload);
      return new Outbound(ch, new Message.Data(recipient, payload, 0, length), false);
    }
    int size = DATA_HEADER + length;
    int segment = BufferPool.OUT_SEGMENT;
    ByteBuffer[] parts = new ByteBuffer[(size + segment - 1) / segment];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = pool.take().clear();
    }
    ByteBuffer head = parts[0];
    head.put((byte) Message.DATA).putInt((int) recipient).putInt(length);
    int from = src.position();
    int left = length;
    for (ByteBuffer part : parts) {
      int n = Math.min(left, part.remaining());
      part.put(part.position(), src, from, n);
      part.position(part.position() + n).flip();
      from += n;
      left -= n;
    }
    return new Outbound(ch, parts, pool, size);
  }

  boolean isData() {
    return encoded != null || message instanceof Message.Data;
  }

  /** Its size on the wire. */
  int size() {
    return size;
  }

  /** Gives pooled buffers back; the message is not written after this. */
  void release() {
    if (encoded != null) {
      for (ByteBuffer b : encoded) {
        pool.give(b);
      }
    }
  }
}
