package dev.qtalk.qmux.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A channel's unread bytes, copied into pooled segments as they arrive, so that what a channel
 * holds in heap is about what it holds in data whatever the sizes of the messages that brought it:
 * a flood of 1-byte DATA messages costs one byte each, not one object each. Holds at most {@code
 * size / SEGMENT + 2} segments; an empty buffer holds none. Not thread-safe: the channel's lock
 * guards it.
 */
final class ReceiveBuffer {
  private final ArrayDeque<byte[]> segments = new ArrayDeque<>(2);
  /** Read position in the first segment. */
  private int head;
  /** Write position in the last segment. */
  private int tail;
  private long size;

  long size() {
    return size;
  }

  /** How many segments are held (for tests of the memory bound). */
  int segments() {
    return segments.size();
  }

  void append(byte[] src, int offset, int length) {
    while (length > 0) {
      if (segments.isEmpty() || tail == BufferPool.SEGMENT) {
        segments.addLast(BufferPool.SEGMENTS.take());
        tail = 0;
      }
      int n = Math.min(length, BufferPool.SEGMENT - tail);
      System.arraycopy(src, offset, segments.peekLast(), tail, n);
      tail += n;
      offset += n;
      length -= n;
      size += n;
    }
  }

  /** Moves up to {@code dst.remaining()} bytes into {@code dst}; returns how many. */
  int read(ByteBuffer dst) {
    int n = 0;
    while (dst.hasRemaining() && size > 0) {
      byte[] first = segments.peekFirst();
      int end = segments.size() == 1 ? tail : BufferPool.SEGMENT;
      int take = Math.min(dst.remaining(), end - head);
      dst.put(first, head, take);
      head += take;
      n += take;
      size -= take;
      if (head == end) {
        release();
      }
    }
    return n;
  }

  private void release() {
    byte[] first = segments.pollFirst();
    head = 0;
    if (segments.isEmpty()) {
      tail = 0;
    }
    BufferPool.SEGMENTS.give(first);
  }

  /** Drops every unread byte and gives the segments back. */
  void clear() {
    byte[] s;
    while ((s = segments.pollFirst()) != null) {
      BufferPool.SEGMENTS.give(s);
    }
    head = 0;
    tail = 0;
    size = 0;
  }
}
