package dev.qtalk.qmux.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buffers shared by every session in the process, so that an idle session holds none: a session
 * takes one when bytes flow and gives it back as soon as they stop. Each pool keeps up to {@code
 * keep} spare buffers for good, and while it is busy up to {@code burst}, so that a transfer whose
 * window has grown does not allocate (and zero, and later free) a buffer per message; once the pool
 * has gone {@link #IDLE} without a take, the spares beyond {@code keep} are dropped. Beyond {@code
 * burst} a returned buffer is left to the garbage collector.
 */
final class BufferPool<T> {
  /** The reader's slab: what one read of the connection may bring in. */
  static final int SLAB = 512 * 1024;
  /** One segment of a channel's receive buffer. */
  static final int SEGMENT = 16 * 1024;
  /** The writer's batch: the largest DATA payload the writer copies in one piece, plus headers. */
  static final int BATCH = 256 * 1024 + 4096;

  /**
   * One piece of a large outgoing DATA message, which its writer copies in before queueing it: a
   * 64 KiB payload and its header fit in one, so such a message is one part of a gathering write
   * (and over TLS one write of the stream, not a second record for the last few bytes).
   */
  static final int OUT_SEGMENT = 64 * 1024 + 16;

  /** A received DATA payload of exactly this size is read into a pooled array. */
  static final int LARGE_PAYLOAD = 64 * 1024;

  /**
   * A WebSocket frame that carries one large qmux message: a 64 KiB DATA payload with its header
   * and the frame's own header. Frames of at least half this size are built and received in pooled
   * arrays ({@link WsDraft}).
   */
  static final int WS_FRAME = 64 * 1024 + 32;

  /** How long a pool goes without a take before it drops the spares beyond {@code keep}. */
  static final Duration IDLE = Duration.ofSeconds(1);

  static final BufferPool<byte[]> SLABS = new BufferPool<>(4, 4, () -> new byte[SLAB]);
  static final BufferPool<byte[]> SEGMENTS = new BufferPool<>(64, 64, () -> new byte[SEGMENT]);
  /** Received payloads of {@link #LARGE_PAYLOAD} bytes read into arrays, kept as {@link #DIRECT_IN} keeps its buffers. */
  static final BufferPool<byte[]> LARGE_PAYLOADS = new BufferPool<>(16, 256, () -> new byte[LARGE_PAYLOAD]);
  /**
   * Received payloads of {@link #LARGE_PAYLOAD} bytes that a socket reads straight into, off the
   * heap: a channel's default window of them (2 MiB) is kept, and while bytes flow as many as a
   * window grown to 16 MiB holds.
   */
  static final BufferPool<ByteBuffer> DIRECT_IN =
      new BufferPool<>(32, 256, () -> ByteBuffer.allocateDirect(LARGE_PAYLOAD));
  static final BufferPool<ByteBuffer> DIRECT_BATCHES =
      new BufferPool<>(16, 16, () -> ByteBuffer.allocateDirect(BATCH));
  static final BufferPool<ByteBuffer> HEAP_BATCHES =
      new BufferPool<>(4, 4, () -> ByteBuffer.allocate(BATCH));
  static final BufferPool<ByteBuffer> DIRECT_OUT =
      new BufferPool<>(16, 64, () -> ByteBuffer.allocateDirect(OUT_SEGMENT));
  static final BufferPool<ByteBuffer> HEAP_OUT =
      new BufferPool<>(16, 64, () -> ByteBuffer.allocate(OUT_SEGMENT));

  /** WebSocket frames' arrays: a connection's receive buffer (1 MiB) is kept, and four while bytes flow. */
  static final BufferPool<byte[]> WS_FRAMES = new BufferPool<>(16, 64, () -> new byte[WS_FRAME]);

  interface Factory<T> {
    T create();
  }

  private final ConcurrentLinkedQueue<T> spare = new ConcurrentLinkedQueue<>();
  private final AtomicInteger spareCount = new AtomicInteger();
  private final AtomicBoolean trimScheduled = new AtomicBoolean();
  private final int keep;
  private final int burst;
  private final long idleNanos;
  private final Factory<T> factory;
  private final AtomicLong takes = new AtomicLong(); // tells a busy pool from an idle one

  private BufferPool(int keep, int burst, Factory<T> factory) {
    this(keep, burst, IDLE, factory);
  }

  /** @param idle how long the pool goes without a take before it trims its spares to {@code keep} */
  BufferPool(int keep, int burst, Duration idle, Factory<T> factory) {
    this.keep = keep;
    this.burst = burst;
    this.idleNanos = idle.toNanos();
    this.factory = factory;
  }

  T take() {
    takes.incrementAndGet();
    T t = spare.poll();
    if (t == null) {
      return factory.create();
    }
    spareCount.decrementAndGet();
    return t;
  }

  void give(T t) {
    int count = spareCount.incrementAndGet();
    if (count > burst) {
      spareCount.decrementAndGet();
      return;
    }
    spare.add(t);
    if (count > keep && trimScheduled.compareAndSet(false, true)) {
      scheduleTrim(takes.get());
    }
  }

  /** Spare buffers held now (for tests). */
  int spares() {
    return spareCount.get();
  }

  /** How many takes the pool has served (for tests: a trim given this count sees the pool idle). */
  long takes() {
    return takes.get();
  }

  private void scheduleTrim(long takesThen) {
    Timers.SHARED.schedule(() -> trim(takesThen), idleNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The timer's check, {@code idle} after {@code takesThen} was read: drops the spares beyond
   * {@code keep} if nothing was taken since; else looks again after another {@code idle}.
   */
  void trim(long takesThen) {
    long now = takes.get();
    if (now != takesThen) {
      scheduleTrim(now);
      return;
    }
    while (spareCount.get() > keep && spare.poll() != null) {
      spareCount.decrementAndGet();
    }
    trimScheduled.set(false);
    if (spareCount.get() > keep && trimScheduled.compareAndSet(false, true)) {
      scheduleTrim(takes.get()); // a give raced with the trim
    }
  }
}
