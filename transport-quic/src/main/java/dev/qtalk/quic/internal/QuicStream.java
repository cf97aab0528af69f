package dev.qtalk.quic.internal;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import dev.qtalk.ChannelResetException;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.spi.ChannelEvents;
import dev.qtalk.spi.Waits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamResetException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Channel} over one bidirectional QUIC stream: blocking reads and writes on application
 * threads, bridged to the Netty event loop that owns the stream.
 *
 * <p>Reading: the stream runs with auto-read off, and this side asks Netty for more only while
 * fewer than {@code window} bytes wait unread here. Bytes the application leaves unread therefore
 * stay in QUIC's stream buffer, whose flow-control window (also {@code window}) stops the peer.
 *
 * <p>Writing: each write is copied into direct buffers of at most {@link #CHUNK} bytes; a writer
 * blocks while more than {@code writeBuffer} bytes are handed to Netty but not yet accepted by
 * QUIC, which accepts only what the peer's flow control allows. The end of stream (FIN) is sent in
 * band after the last write, never with {@code shutdownOutput()}, which overtakes queued writes.
 *
 * <p>Read side states: {@code OPEN} → {@code FIN} (peer half-closed) | {@code RESET} (peer aborted)
 * | {@code GONE} (the stream ended without either, e.g. with its connection).
 */
final class QuicStream implements Channel {
  static final System.Logger LOG = System.getLogger("dev.qtalk.quic");
  /** qtalk-go's application error code, used for closing, stopping and resetting. */
  static final int CLOSE_CODE = 42;
  /** How long a channel closed after its FIN waits for the peer's end before telling it to stop. */
  static final Duration PEER_END_GRACE = Duration.ofSeconds(1);
  static final int CHUNK = 64 * 1024;
  /** How often a waiting writer looks for a stream that QUIC dropped without telling Netty. */
  private static final long STALL_PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private enum ReadEnd { OPEN, FIN, RESET, GONE }

  private final QuicSession session;
  private final QuicStreamChannel ch;
  private final long id;
  private final int window;
  private final int writeBuffer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ReentrantLock writeSerial = new ReentrantLock();

  // guarded by lock
  private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>();
  private final java.util.concurrent.ConcurrentLinkedQueue<Outbound> outbound = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
  private long buffered;
  private boolean paused;
  private boolean resumeScheduled;
  private boolean skipMarker;
  private ReadEnd readEnd = ReadEnd.OPEN;
  private long resetCode;
  private long pendingWrite;
  private long lastProbe = System.nanoTime();
  private IOException writeFailure;
  private boolean writeShut;
  private ChannelFuture finSent;
  private boolean closedByApp;
  /**
   * Data arrived for readers that wait on an empty buffer; they are woken once the event loop has
   * read every datagram waiting ({@link #onReadComplete}). Both flags are the event loop's alone.
   */
  private boolean wakeReaders;
  private boolean wakeScheduled;
  private final Runnable wake = this::wakeWaitingReaders;
  private boolean aborted;
  private IOException sessionEnd;

  private final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Future<?>> acceptExpiry =
      new java.util.concurrent.atomic.AtomicReference<>();
  /** This channel's JFR record while a recording wants channel events; set before the application has it. */
  volatile ChannelEvents.Probe probe;
  private volatile Duration readTimeout = Duration.ZERO;
  private volatile Duration writeTimeout = Duration.ZERO;

  QuicStream(QuicSession session, QuicStreamChannel ch, boolean acceptedFromPeer, int window, int writeBuffer) {
    this.session = session;
    this.ch = ch;
    this.id = ch.streamId();
    this.window = window;
    this.writeBuffer = writeBuffer;
    this.skipMarker = acceptedFromPeer;
  }

  /** Installs this stream's handler and starts reading; runs on the event loop. */
  void start() {
    ch.config().setAllowHalfClosure(true).setAutoRead(true);
    ch.pipeline().addLast(new Inbound());
    ch.read();
  }

  /** Sets (or with null, cancels) the timer that resets this stream if it is not accepted in time. */
  void acceptExpiry(java.util.concurrent.Future<?> timer) {
    java.util.concurrent.Future<?> old = acceptExpiry.getAndSet(timer);
    if (old != null) {
      old.cancel(false);
    }
  }

  QuicStreamChannel nettyChannel() {
    return ch;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public Session session() {
    return session;
  }

  // ---- reading ----

  @Override
  public int read(ByteBuffer dst) throws IOException {
    Objects.requireNonNull(dst, "dst");
    if (!dst.hasRemaining()) {
      return 0;
    }
    int n = 0;
    boolean askMore;
    Waits.lockInterruptibly(lock, "read");
    try {
      long deadline = Waits.deadline(readTimeout);
      while (buffered == 0) {
        if (closedByApp) {
          throw new ChannelClosedException("read: channel " + id + " is closed");
        }
        switch (readEnd) {
          case FIN -> {
            return -1;
          }
          case RESET -> throw reset("read");
          case GONE -> throw sessionEnd != null
              ? closed(sessionEnd)
              : new ChannelClosedException("read: channel " + id + " was closed by the peer before its end of stream");
          case OPEN -> {
            if (sessionEnd != null) {
              throw closed(sessionEnd);
            }
          }
        }
        Waits.await(changed, deadline, "read");
      }
      while (dst.hasRemaining() && !inbound.isEmpty()) {
        ByteBuf head = inbound.peekFirst();
        int take = Math.min(dst.remaining(), head.readableBytes());
        head.readBytes(dst.slice(dst.position(), take));
        dst.position(dst.position() + take);
        n += take;
        if (!head.isReadable()) {
          inbound.pollFirst().release();
        }
      }
      buffered -= n;
      askMore = paused && !resumeScheduled && buffered <= window / 2;
      if (askMore) {
        resumeScheduled = true;
      }
    } finally {
      lock.unlock();
    }
    if (askMore) {
      ch.eventLoop().execute(this::resume);
    }
    return n;
  }

  /**
   * On the event loop: reading resumes once the application has read the unread bytes down to
   * half a window (or has closed the channel, which then discards until the peer's end).
   */
  private void resume() {
    boolean on;
    lock.lock();
    try {
      resumeScheduled = false;
      on = paused && (buffered <= window / 2 || closedByApp);
      if (on) {
        paused = false;
      }
    } finally {
      lock.unlock();
    }
    if (on) {
      ch.config().setAutoRead(true);
    }
  }

  // ---- writing ----

  @Override
  public int write(ByteBuffer src) throws IOException {
    Objects.requireNonNull(src, "src");
    int total = src.remaining();
    Waits.lockInterruptibly(writeSerial, "write");
    try {
      if (total == 0) {
        lock.lock();
        try {
          checkWritable();
        } finally {
          lock.unlock();
        }
        return 0;
      }
      long deadline = Waits.deadline(writeTimeout);
      lock.lock();
      try {
        probeIfDropped();
      } finally {
        lock.unlock();
      }
      while (src.hasRemaining()) {
        int n = reserve(src.remaining(), deadline);
        ByteBuf buf = ch.alloc().directBuffer(n);
        buf.writeBytes(src.slice(src.position(), n));
        src.position(src.position() + n);
        io.netty.channel.ChannelPromise sent = ch.newPromise();
        sent.addListener(f -> written(n, (ChannelFuture) f));
        send(buf, sent);
      }
      return total;
    } finally {
      writeSerial.unlock();
    }
  }

  /** Takes room for up to {@code wanted} bytes in the write buffer, waiting while it is full. */
  private int reserve(int wanted, long deadline) throws IOException {
    Waits.lockInterruptibly(lock, "write");
    try {
      while (true) {
        checkWritable();
        if (pendingWrite < writeBuffer) {
          int n = Math.min(wanted, CHUNK);
          pendingWrite += n;
          return n;
        }
        probeIfDropped();
        awaitSlice(deadline, "write");
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Netty 4.2.18 queues writes forever on a stream that quiche has already collected: that happens
   * when the peer's STOP_SENDING arrives after we read its FIN (qtalk-go's close and ours send
   * both), and Netty is never told. So while writes wait on a stream whose read side has ended,
   * this asks quiche ({@link QuicheProbe}) at most every {@link #STALL_PROBE_NANOS} whether the
   * stream still exists. Call with the lock held; the answer comes later, on the event loop.
   */
  private void probeIfDropped() {
    long now = System.nanoTime();
    if (readEnd == ReadEnd.OPEN || pendingWrite == 0 || now - lastProbe < STALL_PROBE_NANOS) {
      return;
    }
    lastProbe = now;
    ch.eventLoop().execute(() -> {
      if (ch.isActive() && Boolean.TRUE.equals(QuicheProbe.dropped(ch.parent(), id))) {
        onDroppedByQuic();
      }
    });
  }

  private void onDroppedByQuic() {
    lock.lock();
    try {
      if (writeFailure == null) {
        writeFailure = new ChannelClosedException(
            "write: the peer stopped reading channel " + id + " (it closed or aborted it)");
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    ch.close(); // fails the writes Netty still queues, which frees their buffers
  }

  private void checkWritable() throws IOException {
    if (sessionEnd != null) {
      throw closed(sessionEnd);
    }
    if (closedByApp) {
      throw new ChannelClosedException("write: channel " + id + " is closed");
    }
    if (writeShut) {
      throw new ChannelClosedException("write: channel " + id + " is half-closed for writing");
    }
    if (readEnd == ReadEnd.RESET) {
      throw reset("write");
    }
    if (writeFailure != null) {
      throw new ChannelClosedException(writeFailure.getMessage(), writeFailure);
    }
  }

  private void written(int n, ChannelFuture f) {
    if (f.isSuccess()) {
      session.counters().sent(n);
      ChannelEvents.Probe p = probe;
      if (p != null) {
        p.sent(n);
      }
    }
    lock.lock();
    try {
      pendingWrite -= n;
      if (!f.isSuccess() && writeFailure == null) {
        Throwable cause = f.cause();
        writeFailure = cause instanceof ChannelOutputShutdownException
            ? new ChannelClosedException("write: the peer stopped reading channel " + id + " (it closed or aborted it)", cause)
            : new ChannelClosedException("write: channel " + id + " failed: " + cause, cause);
        changed.signalAll();
      } else if (pendingWrite <= writeBuffer / 2 && pendingWrite + n > writeBuffer / 2) {
        // Wake a blocked writer once half the buffer is free, not for every chunk QUIC takes:
        // on two cores each needless wake-up preempts an event loop.
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** A write (or, with a null buffer, the FIN) waiting for {@link #drain} on the event loop. */
  private record Outbound(ByteBuf buf, io.netty.channel.ChannelPromise promise) {}

  /**
   * Hands {@code buf} (null: the FIN) to the event loop. Application threads queue here and one
   * task writes whatever has queued, then flushes once: a reply and the FIN that follows it go out
   * in one QUIC packet, and a burst of writes costs one event-loop task and one flush, where each
   * writeAndFlush cost a task, a flush and a packet of its own.
   */
  private void send(ByteBuf buf, io.netty.channel.ChannelPromise promise) {
    outbound.add(new Outbound(buf, promise));
    if (drainScheduled.compareAndSet(false, true)) {
      ch.eventLoop().execute(this::drain);
    }
  }

  /**
   * On the event loop: writes what {@link #send} queued, a last buffer followed by the FIN as one
   * frame with the FIN bit, then flushes. The flag is cleared before polling, so anything queued
   * before a later task (a close, say) was submitted is written ahead of that task.
   */
  private void drain() {
    drainScheduled.set(false);
    Outbound o;
    boolean wrote = false;
    while ((o = outbound.poll()) != null) {
      wrote = true;
      if (o.buf() == null) {
        ch.write(QuicStreamFrame.EMPTY_FIN, o.promise());
        continue;
      }
      Outbound next = outbound.peek();
      if (next != null && next.buf() == null) {
        outbound.poll();
        io.netty.channel.ChannelPromise fin = next.promise();
        o.promise().addListener(f -> {
          if (f.isSuccess()) {
            fin.trySuccess();
          } else {
            fin.tryFailure(f.cause());
          }
        });
        ch.write(new io.netty.handler.codec.quic.DefaultQuicStreamFrame(o.buf(), true), o.promise());
      } else {
        ch.write(o.buf(), o.promise());
      }
    }
    if (wrote) {
      ch.flush();
    }
  }

  @Override
  public void closeWrite() throws IOException {
    lock.lock();
    try {
      if (writeShut || closedByApp) {
        return;
      }
      if (sessionEnd != null) {
        throw closed(sessionEnd);
      }
      writeShut = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    // In band, after every write already handed to Netty: shutdownOutput() would overtake them.
    // Queued behind those writes, it leaves in the same flush (the same packet) as the last one.
    io.netty.channel.ChannelPromise fin = ch.newPromise();
    send(null, fin);
    lock.lock();
    try {
      finSent = fin;
    } finally {
      lock.unlock();
    }
    fin.addListener(f -> {
      if (!f.isSuccess()) {
        LOG.log(Level.DEBUG, () -> "channel " + id + ": FIN not sent: " + f.cause());
      }
    });
  }

  @Override
  public void close() {
    boolean sendFin;
    ChannelFuture fin;
    lock.lock();
    try {
      if (closedByApp) {
        return;
      }
      closedByApp = true;
      sendFin = !writeShut && readEnd != ReadEnd.RESET && sessionEnd == null;
      fin = finSent;
      writeShut = true;
      dropInbound();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    // On the event loop, behind every write this thread already handed to Netty.
    ch.eventLoop().execute(() -> closeOnLoop(sendFin, fin));
  }

  private void closeOnLoop(boolean sendFin, ChannelFuture fin) {
    if (!ch.isActive()) {
      return;
    }
    resume(); // a closed channel reads on, discarding, so the peer's FIN or reset is seen
    boolean finPending = sendFin || fin != null && !fin.isDone();
    if (finPending && Boolean.TRUE.equals(QuicheProbe.dropped(ch.parent(), id))) {
      // quiche has stopped or collected the stream: a FIN would wait in Netty forever.
      ch.close();
    } else if (sendFin && peerStillSending() && !ch.isInputShutdown()) {
      ch.shutdownInput(CLOSE_CODE); // STOP_SENDING 42 first, as qtalk-go's CancelRead(42)
      afterPeerAnswer(() -> ch.writeAndFlush(QuicStreamFrame.EMPTY_FIN).addListener(f -> finishClose()));
    } else if (sendFin) {
      ch.writeAndFlush(QuicStreamFrame.EMPTY_FIN).addListener(f -> finishClose());
    } else if (finPending) {
      // closeWrite() queued the FIN: closing the Netty channel earlier would drop queued writes.
      fin.addListener(f -> awaitPeerEnd());
    } else {
      awaitPeerEnd();
    }
  }

  /**
   * After our FIN went out ahead of close(): the peer's end normally follows soon (an rpc caller
   * that has read our reply to its end closes), so read on, discarding, until it arrives; then
   * {@link #closeIfDrained} releases the stream. Netty frees a stream, and quiche returns the
   * peer's stream credit, only once the peer's FIN has been read; a STOP_SENDING now would race
   * the acknowledgement of our FIN. A peer that keeps its side open past {@link #PEER_END_GRACE}
   * is told to stop.
   */
  private void awaitPeerEnd() {
    if (!ch.isActive()) {
      return;
    }
    if (!peerStillSending()) {
      finishClose();
      return;
    }
    ch.eventLoop().schedule(() -> {
      if (ch.isActive() && peerStillSending()) {
        finishClose();
      }
    }, PEER_END_GRACE.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Runs {@code action} on the event loop about two round trips from now, when the peer's
   * RESET_STREAM answer to our STOP_SENDING has arrived. quiche (as Netty 4.2.18 drives it) frees a
   * stream, and returns the peer's stream credit, only if that answer arrives before the
   * acknowledgement of our last frame on the stream; so our FIN or RESET_STREAM goes out after it.
   */
  private void afterPeerAnswer(Runnable action) {
    ch.parent().collectPathStats(0).addListener(f -> {
      long rtt = f.isSuccess() ? ((io.netty.handler.codec.quic.QuicConnectionPathStats) f.getNow()).rtt() : 0;
      long delay = Math.clamp(2 * rtt + TimeUnit.MILLISECONDS.toNanos(2),
          TimeUnit.MILLISECONDS.toNanos(2), TimeUnit.SECONDS.toNanos(1));
      ch.eventLoop().schedule(action, delay, TimeUnit.NANOSECONDS);
    });
  }

  /**
   * After our FIN went out: if the peer is still sending and has not been told to stop, tell it
   * (STOP_SENDING 42); then release the Netty stream. When the peer's FIN or reset can still be
   * seen, the stream first reads, discarding, until it arrives (see {@link #closeIfDrained}).
   */
  private void finishClose() {
    if (!ch.isActive()) {
      return;
    }
    if (peerStillSending() && !ch.isInputShutdown()) {
      ch.shutdownInput(CLOSE_CODE).addListener(f -> ch.close());
    } else {
      ch.close();
    }
  }

  private boolean peerStillSending() {
    lock.lock();
    try {
      return readEnd == ReadEnd.OPEN;
    } finally {
      lock.unlock();
    }
  }

  /** On the event loop: a channel the application closed is released once the peer's side ended. */
  private void closeIfDrained() {
    boolean done;
    lock.lock();
    try {
      done = closedByApp && readEnd != ReadEnd.OPEN && (aborted || finSent == null || finSent.isDone());
    } finally {
      lock.unlock();
    }
    if (done && ch.isActive() && (aborted || ch.isOutputShutdown())) {
      ch.close();
    }
  }

  @Override
  public void abort() {
    lock.lock();
    try {
      if (aborted) {
        return;
      }
      aborted = true;
      closedByApp = true;
      writeShut = true;
      dropInbound();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    ch.eventLoop().execute(() -> {
      if (!ch.isActive()) {
        return;
      }
      resume();
      if (peerStillSending() && !ch.isInputShutdown()) {
        ch.shutdownInput(CLOSE_CODE); // STOP_SENDING now, RESET_STREAM once the peer answered
        afterPeerAnswer(() -> ch.shutdownOutput(CLOSE_CODE).addListener(f -> ch.close()));
      } else {
        ch.shutdownOutput(CLOSE_CODE).addListener(f -> ch.close());
      }
    });
  }

  /**
   * Once the Netty stream is gone, unread bytes stay readable, but as heap copies: an application
   * that never reads or closes the channel must not leak the event loop's direct buffers.
   */
  private void detachInbound() {
    for (int i = inbound.size(); i > 0; i--) {
      ByteBuf b = inbound.pollFirst();
      byte[] copy = new byte[b.readableBytes()];
      b.readBytes(copy);
      b.release();
      inbound.addLast(Unpooled.wrappedBuffer(copy));
    }
  }

  private void dropInbound() {
    ByteBuf b;
    while ((b = inbound.pollFirst()) != null) {
      b.release();
    }
    buffered = 0;
  }

  // ---- timeouts ----

  @Override
  public void readTimeout(Duration timeout) {
    readTimeout = Waits.checkTimeout(timeout);
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public void writeTimeout(Duration timeout) {
    writeTimeout = Waits.checkTimeout(timeout);
  }

  @Override
  public Duration writeTimeout() {
    return writeTimeout;
  }

  @Override
  public boolean isOpen() {
    lock.lock();
    try {
      return !closedByApp && sessionEnd == null && readEnd != ReadEnd.RESET;
    } finally {
      lock.unlock();
    }
  }

  // ---- events from the event loop ----

  private void onData(ByteBuf buf) {
    boolean pause;
    lock.lock();
    try {
      if (skipMarker && buf.isReadable()) {
        skipMarker = false;
        byte marker = buf.readByte();
        if (marker != '!') {
          LOG.log(Level.DEBUG, () -> "channel " + id + ": first byte " + (marker & 0xff) + " (expected: '!'), discarded");
        }
      }
      if (!buf.isReadable()) {
        buf.release();
        return;
      }
      session.counters().received(buf.readableBytes());
      if (closedByApp || readEnd != ReadEnd.OPEN) {
        session.counters().dropped();
        buf.release();
        return;
      }
      ChannelEvents.Probe p = probe;
      if (p != null) {
        p.received(buf.readableBytes());
      }

      if (buffered == 0) {
        wakeReaders = true; // readers wait only while nothing is buffered
      }
      inbound.addLast(buf);
      buffered += buf.readableBytes();
      pause = !paused && buffered >= window;
      if (pause) {
        paused = true;
      }
    } finally {
      lock.unlock();
    }
    if (pause) {
      // Leave further bytes in QUIC's stream buffer: its flow-control window stops the peer.
      ch.config().setAutoRead(false);
    }
  }

  /**
   * On the event loop, after the stream's reads, which Netty's QUIC codec completes for every
   * packet: a waiting reader is woken once the loop has read every datagram waiting on the socket
   * ({@link ReadBatches}), and takes the batch's bytes in one go.
   */
  private void onReadComplete() {
    if (wakeReaders && !wakeScheduled) {
      wakeScheduled = true;
      ReadBatches.atBatchEnd(ch.eventLoop(), wake);
    }
  }

  private void wakeWaitingReaders() {
    wakeScheduled = false;
    if (!wakeReaders) {
      return;
    }
    wakeReaders = false;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void onFin() {
    lock.lock();
    try {
      if (readEnd == ReadEnd.OPEN) {
        readEnd = ReadEnd.FIN;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    closeIfDrained();
  }

  private void onReset(long code) {
    lock.lock();
    try {
      if (readEnd == ReadEnd.OPEN) {
        readEnd = ReadEnd.RESET;
        resetCode = code;
        dropInbound();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    closeIfDrained();
  }

  private void onInactive() {
    lock.lock();
    try {
      if (sessionEnd == null && !ch.parent().isActive()) {
        sessionEnd = new SessionClosedException("session " + session + " has ended");
      }
      if (readEnd == ReadEnd.OPEN) {
        readEnd = ReadEnd.GONE;
      }
      detachInbound();
      if (writeFailure == null) {
        writeFailure = new Ended("write: channel " + id + " has ended");
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    ChannelEvents.Probe p = probe;
    if (p != null) {
      p.closed(endCause());
    }
    session.streamEnded(this);
  }

  /** On the event loop, while its session closes: drops what was not sent yet (RESET_STREAM 42). */
  void resetOutput() {
    if (ch.isActive() && !ch.isOutputShutdown()) {
      ch.shutdownOutput(CLOSE_CODE);
    }
  }

  void onSessionEnd(IOException cause) {
    lock.lock();
    try {
      sessionEnd = cause;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Why this channel failed, for its closed event: the peer's reset, its session's failure, or null. */
  private IOException endCause() {
    lock.lock();
    try {
      if (readEnd == ReadEnd.RESET) {
        return reset("read");
      }
    } finally {
      lock.unlock();
    }
    return session.closeCause().orElse(null);
  }

  /** Netty's side of the stream. */
  private final class Inbound extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf buf) {
        onData(buf);
      } else {
        io.netty.util.ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      onReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownReadComplete) {
        onFin();
      }
      io.netty.util.ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof QuicStreamResetException r) {
        LOG.log(Level.DEBUG, () -> "channel " + id + ": reset by the peer, code " + r.applicationProtocolCode());
        onReset(r.applicationProtocolCode());
      } else {
        LOG.log(Level.DEBUG, () -> "channel " + id + ": " + cause);
        onInactive();
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      onInactive();
    }
  }

  // ---- helpers ----

  /**
   * Why writes fail on a stream that has ended: every stream gets one, and a write that meets it
   * throws a fresh exception with this as its cause, so it skips the stack trace (about 1% of the
   * CPU of an rpc call over QUIC).
   */
  private static final class Ended extends ChannelClosedException {
    Ended(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private ChannelResetException reset(String what) {
    return new ChannelResetException(what + ": channel " + id + " was reset by the peer (code " + resetCode + ")", resetCode);
  }

  private static SessionClosedException closed(IOException cause) {
    if (cause instanceof SessionClosedException s) {
      return new SessionClosedException(s.getMessage(), s.getCause());
    }
    return new SessionClosedException("session ended: " + cause.getMessage(), cause);
  }




  /** Waits like {@link Waits#await} but wakes at least every {@link #STALL_PROBE_NANOS}. */
  private void awaitSlice(long deadline, String what) throws IOException {
    try {
      long left = deadline == Waits.NO_DEADLINE ? STALL_PROBE_NANOS : deadline - System.nanoTime();
      if (left <= 0) {
        throw new DeadlineExceededException(what + ": timed out on channel " + id);
      }
      changed.awaitNanos(Math.min(left, STALL_PROBE_NANOS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(what + ": interrupted");
    }
  }


  static boolean await(io.netty.util.concurrent.Future<?> f, long nanos) throws InterruptedIOException {
    try {
      return f.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  @Override
  public String toString() {
    return "QuicStream[" + id + " on " + session + "]";
  }
}

