package dev.qtalk.qmux.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Buffers shared by every session in the process, so that an idle session holds none: a session
 * takes one when bytes flow and gives it back as soon as they stop. Each pool keeps at most {@code
 * keep} spare buffers; beyond that a returned buffer is left to the garbage collector.
 */
final class BufferPool<T> {
  /** The reader's slab: what one read of the connection may bring in. */
  static final int SLAB = 512 * 1024;
  /** One segment of a channel's receive buffer. */
  static final int SEGMENT = 16 * 1024;
  /** The writer's batch: the largest DATA payload the writer copies in one piece, plus headers. */
  static final int BATCH = 256 * 1024 + 4096;

  /** One piece of a large outgoing DATA message, which its writer copies in before queueing it. */
  static final int OUT_SEGMENT = 64 * 1024;

  /** A received DATA payload of exactly this size is read into a pooled array. */
  static final int LARGE_PAYLOAD = 64 * 1024;

  static final BufferPool<byte[]> SLABS = new BufferPool<>(4, () -> new byte[SLAB]);
  static final BufferPool<byte[]> SEGMENTS = new BufferPool<>(64, () -> new byte[SEGMENT]);
  static final BufferPool<byte[]> LARGE_PAYLOADS = new BufferPool<>(16, () -> new byte[LARGE_PAYLOAD]);
  /**
   * Received payloads of {@link #LARGE_PAYLOAD} bytes that a socket reads straight into: one
   * channel's default window of them is kept, off the heap (4 MiB at most).
   */
  static final BufferPool<ByteBuffer> DIRECT_IN =
      new BufferPool<>(64, () -> ByteBuffer.allocateDirect(LARGE_PAYLOAD));
  static final BufferPool<ByteBuffer> DIRECT_BATCHES =
      new BufferPool<>(16, () -> ByteBuffer.allocateDirect(BATCH));
  static final BufferPool<ByteBuffer> HEAP_BATCHES =
      new BufferPool<>(4, () -> ByteBuffer.allocate(BATCH));
  static final BufferPool<ByteBuffer> DIRECT_OUT =
      new BufferPool<>(64, () -> ByteBuffer.allocateDirect(OUT_SEGMENT));
  static final BufferPool<ByteBuffer> HEAP_OUT =
      new BufferPool<>(16, () -> ByteBuffer.allocate(OUT_SEGMENT));

  interface Factory<T> {
    T create();
  }

  private final ConcurrentLinkedQueue<T> spare = new ConcurrentLinkedQueue<>();
  private final AtomicInteger spareCount = new AtomicInteger();
  private final int keep;
  private final Factory<T> factory;

  private BufferPool(int keep, Factory<T> factory) {
    this.keep = keep;
    this.factory = factory;
  }

  T take() {
    T t = spare.poll();
    if (t == null) {
      return factory.create();
    }
    spareCount.decrementAndGet();
    return t;
  }

  void give(T t) {
    if (spareCount.incrementAndGet() <= keep) {
      spare.add(t);
    } else {
      spareCount.decrementAndGet();
    }
  }
}
