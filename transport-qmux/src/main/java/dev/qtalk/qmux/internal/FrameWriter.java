package dev.qtalk.qmux.internal;

import dev.qtalk.DeadlineExceededException;
import dev.qtalk.ProtocolException;
import dev.qtalk.spi.Waits;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The only thread that writes to the connection. Callers queue messages they have already copied
 * and go on; the writer takes everything queued at once and sends it with one gathering write, so
 * a bulk writer costs no hand-off per message and many small messages leave together.
 *
 * <p>Two queues. The <em>stream</em> keeps DATA in order, and a channel's EOF and CLOSE behind the
 * DATA it still has there; at most {@link #SEND_QUEUE} bytes of DATA wait in it, beyond which a
 * write waits for room (within its deadline, interruptibly, with nothing queued if it gives up).
 * The <em>control</em> queue takes credit, replies, opens, and the EOF and CLOSE of channels with
 * nothing in the stream; it goes first in every batch, so bulk writers never starve it.
 *
 * <p>Per channel, nothing goes out after its CLOSE, and an inbound channel's OPEN_CONFIRM goes out
 * before anything else of that channel (both decided here, on the writer's thread). A CLOSE that
 * answers the peer's drops the channel's DATA still waiting: the peer will not read it.
 */
final class FrameWriter {
  /** Bytes of DATA a session's writer holds, copied, before a write waits for room. */
  static final int SEND_QUEUE = 1 << 20;
  private static final int CONTROL_PER_BATCH = 200; // 200 x 17 bytes fit in the batch's spare room
  private static final int MAX_PARTS = 512;
  /** What the writer copies into one batch buffer; the rest of it is room for confirms. */
  private static final int BATCH_COPY = BufferPool.BATCH - 8192;

  /** What the writer tells its session. */
  interface Events {
    /** Writing failed: the session ends. */
    void writeFailed(IOException e);

    /** A channel's CLOSE went out. */
    void closeWritten(QmuxChannel ch);

    /** The OPEN_CONFIRM an inbound channel owes. */
    Message.OpenConfirm confirmOf(QmuxChannel ch);

    /** After {@link #finish}: everything queued has been written, and the writer has stopped. */
    void drained();
  }

  private final Connection connection;
  private final String name;
  private final Events events;
  private final int controlLimit;
  private final Duration controlStall;
  private final BufferPool<ByteBuffer> batches;
  private final BufferPool<ByteBuffer> segments;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition space = lock.newCondition();
  private final Condition room = lock.newCondition();
  // guarded by lock
  private final ArrayDeque<Outbound> control = new ArrayDeque<>();
  private final ArrayDeque<Outbound> stream = new ArrayDeque<>();
  private long streamData; // bytes of DATA in the stream
  private int peerFed;
  private IOException failure;
  private IOException finishing; // set by finish(): nothing new is taken, the queue still drains
  private long batchesTaken;
  private int waitingForSpace;

  FrameWriter(Connection connection, String name, QmuxConfig config, Events events) {
    this.connection = connection;
    this.name = name;
    this.events = events;
    this.controlLimit = config.controlQueueLimit();
    this.controlStall = config.controlStallTimeout();
    boolean direct = connection.directBuffers();
    this.batches = direct ? BufferPool.DIRECT_BATCHES : BufferPool.HEAP_BATCHES;
    this.segments = direct ? BufferPool.DIRECT_OUT : BufferPool.HEAP_OUT;
  }

  /** Starts the writer's (virtual) thread; it ends after {@link #close}. */
  Thread start(Runnable onExit) {
    return Thread.ofVirtual().name(name + "-writer").start(() -> {
      try {
        loop();
      } finally {
        onExit.run();
      }
    });
  }

  /** Copies {@code length} bytes of {@code src} from its position into a DATA message. */
  Outbound data(QmuxChannel ch, long recipient, ByteBuffer src, int length) {
    return Outbound.data(ch, recipient, src, length, segments);
  }

  /**
   * Queues a control message, or a channel's EOF or CLOSE (behind that channel's DATA still in the
   * stream); never blocks. Returns false if the session has ended.
   */
  boolean enqueue(Outbound o) {
    lock.lock();
    try {
      IOException refused = refusal();
      if (refused != null) {
        return false;
      }
      QmuxChannel ch = o.channel;
      boolean ordered = o.message instanceof Message.Eof || o.message instanceof Message.Close;
      if (ordered && ch != null && ch.streamQueued > 0) {
        ch.streamQueued++;
        stream.add(o);
      } else {
        control.add(o);
      }
      work.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues a reply the peer caused. While {@code controlQueueLimit} replies wait, the reader waits
   * here (so the peer feels TCP backpressure); a peer that leaves them unread for the stall timeout
   * is a protocol error.
   */
  void reply(Outbound o) throws IOException {
    long deadline = Waits.deadline(controlStall);
    Waits.lockInterruptibly(lock, "reply");
    try {
      while (refusal() == null && peerFed >= controlLimit) {
        try {
          Waits.await(room, deadline, "reply");
        } catch (DeadlineExceededException e) {
          throw new ProtocolException(
              "the peer is not reading: " + controlLimit + " control replies waited "
                  + controlStall.toSeconds() + " s");
        }
      }
      if (refusal() != null) {
        throw refusal();
      }
      if (o.message instanceof Message.Close && o.channel != null && o.channel.streamQueued > 0) {
        dropQueued(o.channel);
      }
      peerFed++;
      control.add(o);
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The peer closed the channel: what it still has in the stream will not be read. Holds the lock. */
  private void dropQueued(QmuxChannel ch) {
    for (Iterator<Outbound> it = stream.iterator(); it.hasNext(); ) {
      Outbound o = it.next();
      if (o.channel == ch) {
        it.remove();
        if (o.isData()) {
          streamData -= o.size();
        }
        o.release();
      }
    }
    ch.streamQueued = 0;
    space.signal();
  }

  /**
   * Queues one DATA message, waiting while the stream holds {@link #SEND_QUEUE} bytes. If the wait
   * ends by timeout, interrupt or the session's end, nothing was queued: the message's buffers are
   * released and the caller returns its window.
   */
  void writeData(Outbound o, long deadline) throws IOException {
    try {
      Waits.lockInterruptibly(lock, "write");
    } catch (IOException e) {
      o.release();
      throw e;
    }
    try {
      while (refusal() == null && streamData > 0 && streamData + o.size() > SEND_QUEUE) {
        waitingForSpace++;
        try {
          Waits.await(space, deadline, "write");
        } catch (IOException e) {
          space.signal(); // pass the turn on
          throw e;
        } finally {
          waitingForSpace--;
        }
      }
      if (refusal() != null) {
        throw refusal();
      }
      streamData += o.size();
      o.channel.streamQueued++;
      stream.add(o);
      work.signal();
      if (streamData < SEND_QUEUE) {
        space.signal(); // room is left: the next waiter may go too
      }
      o = null;
    } finally {
      lock.unlock();
      if (o != null) {
        o.release();
      }
    }
  }

  /**
   * Ends the writer in an orderly way: new messages are refused with {@code cause}, what is
   * already queued is still written, and then {@link Events#drained()} runs. A later {@link
   * #close} (the connection failing, the drain's time running out) drops whatever is left.
   */
  void finish(IOException cause) {
    lock.lock();
    try {
      if (failure == null && finishing == null) {
        finishing = cause;
        work.signalAll();
        room.signalAll();
        space.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Why a new message is refused, or null while the writer takes them. Caller holds the lock. */
  private IOException refusal() {
    return failure != null ? failure : finishing;
  }

  /** Ends the writer: everything still queued is dropped. Idempotent. */
  void close(IOException cause) {
    lock.lock();
    try {
      if (failure != null) {
        return;
      }
      failure = cause;
      control.clear();
      Outbound o;
      while ((o = stream.poll()) != null) {
        o.release();
      }
      streamData = 0;
      work.signalAll();
      room.signalAll();
      space.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Bytes of DATA waiting in the stream (for tests). */
  long queuedData() {
    lock.lock();
    try {
      return streamData;
    } finally {
      lock.unlock();
    }
  }

  /** How many writes wait for room in the stream (for tests). */
  int waitingForSpace() {
    lock.lock();
    try {
      return waitingForSpace;
    } finally {
      lock.unlock();
    }
  }

  /** How many batches the writer has taken (for tests that coalescing happens). */
  long batchesTaken() {
    lock.lock();
    try {
      return batchesTaken;
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    List<Outbound> batch = new ArrayList<>();
    List<QmuxChannel> closed = new ArrayList<>();
    List<ByteBuffer> parts = new ArrayList<>();
    try {
      while (take(batch)) {
        ByteBuffer buf = batches.take();
        buf.clear();
        try {
          int mark = 0;
          for (Outbound o : batch) {
            if (o.encoded == null) {
              encode(o, buf, closed);
            } else if (!o.channel.wireClosed) {
              if (o.channel.confirmPending) {
                o.channel.confirmPending = false;
                put(events.confirmOf(o.channel), buf);
              }
              mark = cut(buf, mark, parts);
              for (ByteBuffer b : o.encoded) {
                parts.add(b);
              }
            }
          }
          cut(buf, mark, parts);
          if (!parts.isEmpty()) {
            connection.write(parts.toArray(ByteBuffer[]::new));
          }
        } finally {
          batches.give(buf);
          for (Outbound o : batch) {
            o.release();
          }
          parts.clear();
        }
        for (QmuxChannel ch : closed) {
          events.closeWritten(ch);
        }
        batch.clear();
        closed.clear();
      }
      if (drainedAfterFinish()) {
        events.drained();
      }
    } catch (IOException e) {
      close(e); // nothing more will be written: whatever still waits is dropped
      events.writeFailed(e);
    } catch (RuntimeException | Error e) {
      IOException cause = new IOException("qmux writer failed: " + e, e);
      close(cause);
      events.writeFailed(cause);
      if (e instanceof Error err && !(e instanceof OutOfMemoryError)) {
        throw err;
      }
    }
  }

  /** Adds what the batch buffer holds from {@code mark} as a part; returns the new mark. */
  private static int cut(ByteBuffer buf, int mark, List<ByteBuffer> parts) {
    int end = buf.position();
    if (end > mark) {
      parts.add(buf.slice(mark, end - mark));
    }
    return end;
  }

  /** Waits for work and takes the next batch; false once the writer is closed. */
  private boolean take(List<Outbound> batch) {
    lock.lock();
    try {
      while (failure == null && control.isEmpty() && stream.isEmpty()) {
        if (finishing != null) {
          return false; // drained
        }
        work.awaitUninterruptibly();
      }
      if (failure != null) {
        return false;
      }
      int copied = 0; // bytes the writer copies into its batch buffer
      int parts = 0;
      Outbound o;
      int freed = 0;
      while (batch.size() < CONTROL_PER_BATCH && (o = control.poll()) != null) {
        if (o.peerFed) {
          freed++;
        }
        copied += o.size();
        batch.add(o);
      }
      parts++;
      long took = 0;
      while ((o = stream.peek()) != null && parts < MAX_PARTS) {
        if (o.encoded != null) {
          parts += o.encoded.length + 1;
        } else if (copied + o.size() > BATCH_COPY) {
          break;
        } else {
          copied += o.size();
        }
        stream.poll();
        o.channel.streamQueued--;
        if (o.isData()) {
          took += o.size();
        }
        batch.add(o);
      }
      if (took > 0) {
        streamData -= took;
        space.signal();
      }
      if (freed > 0) {
        peerFed -= freed;
        room.signalAll();
      }
      batchesTaken++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  private boolean drainedAfterFinish() {
    lock.lock();
    try {
      return failure == null && finishing != null;
    } finally {
      lock.unlock();
    }
  }

  /** Copies one message into the batch, or decides it must not go out. */
  private void encode(Outbound o, ByteBuffer buf, List<QmuxChannel> closed) {
    QmuxChannel ch = o.channel;
    Message m = o.message;
    if (ch != null) {
      if (ch.wireClosed) {
        return;
      }
      if (ch.confirmPending) {
        ch.confirmPending = false;
        put(events.confirmOf(ch), buf);
      }
      if (m instanceof Message.OpenConfirm) {
        return; // already written ahead of the channel's first message
      }
      if (m instanceof Message.Close) {
        ch.wireClosed = true;
        closed.add(ch);
      }
    }
    put(m, buf);
  }

  private void put(Message m, ByteBuffer buf) {
    if (QmuxSession.FRAMES.isLoggable(Level.TRACE)) {
      QmuxSession.FRAMES.log(Level.TRACE, name + " >> " + Message.trace(m));
    }
    MessageCodec.encodeInto(m, buf);
  }
}
