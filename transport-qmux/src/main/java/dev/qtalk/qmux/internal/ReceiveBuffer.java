package dev.qtalk.qmux.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A channel's unread bytes, so that what a channel holds in heap is about what it holds in data
 * whatever the sizes of the messages that brought it: small payloads are copied into pooled 16 KiB
 * segments (a flood of 1-byte DATA messages costs one byte each, not one object each), and a large
 * payload that arrived in an array or a direct buffer of its own is kept as it is. An empty buffer holds nothing. Not
 * thread-safe: the channel's lock guards it.
 */
final class ReceiveBuffer {
  /**
   * A run of unread bytes {@code [start, end)} of {@code bytes}, or of {@code direct} when the
   * payload arrived in a direct buffer; pooled ones are segments.
   */
  private static final class Chunk {
    final byte[] bytes;
    final ByteBuffer direct;
    final boolean pooled;
    int start;
    int end;

    Chunk(byte[] bytes, boolean pooled, int end) {
      this.bytes = bytes;
      this.direct = null;
      this.pooled = pooled;
      this.end = end;
    }

    Chunk(ByteBuffer direct) {
      this.bytes = null;
      this.direct = direct;
      this.pooled = false;
      this.start = direct.position();
      this.end = direct.limit();
    }

    boolean full() {
      return bytes == null || end == bytes.length;
    }
  }

  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>(2);
  private long size;

  long size() {
    return size;
  }

  /** Copies in a small payload. */
  void append(byte[] src, int offset, int length) {
    while (length > 0) {
      Chunk tail = chunks.peekLast();
      if (tail == null || !tail.pooled || tail.full()) {
        tail = new Chunk(BufferPool.SEGMENTS.take(), true, 0);
        chunks.addLast(tail);
      }
      int n = Math.min(length, tail.bytes.length - tail.end);
      System.arraycopy(src, offset, tail.bytes, tail.end, n);
      tail.end += n;
      offset += n;
      length -= n;
      size += n;
    }
  }

  /** Keeps a large payload's own array, uncopied. */
  void appendOwned(byte[] payload) {
    if (payload.length > 0) {
      chunks.addLast(new Chunk(payload, false, payload.length));
      size += payload.length;
    }
  }

  /** Keeps a large payload's own direct buffer (position to limit), uncopied. */
  void appendOwned(ByteBuffer payload) {
    if (payload.hasRemaining()) {
      chunks.addLast(new Chunk(payload));
      size += payload.remaining();
    } else {
      BufferPool.DIRECT_IN.give(payload);
    }
  }

  /** Moves up to {@code dst.remaining()} bytes into {@code dst}; returns how many. */
  int read(ByteBuffer dst) {
    int n = 0;
    while (dst.hasRemaining() && size > 0) {
      Chunk head = chunks.peekFirst();
      int take = Math.min(dst.remaining(), head.end - head.start);
      if (head.direct != null) {
        dst.put(dst.position(), head.direct, head.start, take).position(dst.position() + take);
      } else {
        dst.put(head.bytes, head.start, take);
      }
      head.start += take;
      n += take;
      size -= take;
      if (head.start == head.end) { // read out: a segment goes back to the pool
        chunks.pollFirst();
        giveBack(head);
      }
    }
    return n;
  }

  /** Drops every unread byte and gives the segments back. */
  void clear() {
    Chunk c;
    while ((c = chunks.pollFirst()) != null) {
      giveBack(c);
    }
    size = 0;
  }

  private static void giveBack(Chunk c) {
    if (c.direct != null) {
      BufferPool.DIRECT_IN.give(c.direct);
    } else if (c.pooled) {
      BufferPool.SEGMENTS.give(c.bytes);
    } else if (c.bytes.length == BufferPool.LARGE_PAYLOAD) {
      BufferPool.LARGE_PAYLOADS.give(c.bytes);
    }
  }
}
