package dev.qtalk.qmux.internal;

import dev.qtalk.ChannelClosedException;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.ProtocolException;
import dev.qtalk.spi.Waits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The only thread that writes to the connection. Callers queue messages; the writer drains the
 * queue in batches, each copied into one pooled buffer and written with one call, so many small
 * messages leave in one gathering write and no caller ever touches the socket. Control messages
 * (credit, EOF, CLOSE, replies to the peer) go first in every batch, so bulk writers never starve
 * them; DATA messages follow in arrival order, at most one per writing channel, which shares the
 * connection fairly between channels.
 *
 * <p>A caller's DATA stays its own until the writer has copied it; until then the caller may take
 * it back (timeout, interrupt), and the channel's window is returned. The copy never waits for the
 * socket, so no caller waits behind another's stuck write for longer than its own deadline.
 *
 * <p>Per channel, nothing goes out after its CLOSE, and an inbound channel's OPEN_CONFIRM goes out
 * before anything else of that channel (both decided here, on the writer's thread).
 */
final class FrameWriter {
  private static final int CONTROL_PER_BATCH = 200; // 200 x 17 bytes fit in the batch's spare room

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

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition progress = lock.newCondition();
  private final Condition room = lock.newCondition();
  // guarded by lock
  private final ArrayDeque<Outbound> control = new ArrayDeque<>();
  private final ArrayDeque<Outbound> data = new ArrayDeque<>();
  private int peerFed;
  private IOException failure;
  private IOException finishing; // set by finish(): nothing new is taken, the queue still drains
  private long batchesWritten;

  FrameWriter(Connection connection, String name, QmuxConfig config, Events events) {
    this.connection = connection;
    this.name = name;
    this.events = events;
    this.controlLimit = config.controlQueueLimit();
    this.controlStall = config.controlStallTimeout();
    this.batches = connection.directBuffers() ? BufferPool.DIRECT_BATCHES : BufferPool.HEAP_BATCHES;
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

  /** Queues a control message; never blocks. Returns false if the session has ended. */
  boolean enqueue(Outbound o) {
    lock.lock();
    try {
      IOException refused = refusal();
      if (refused != null) {
        o.state = Outbound.State.FAILED;
        o.failure = refused;
        return false;
      }
      control.add(o);
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
      peerFed++;
      control.add(o);
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues one DATA message and waits until the writer has copied it. On interrupt or timeout
   * while it still waits in the queue, takes it back and throws; once the writer has taken it, the
   * copy finishes in a moment and the call succeeds (the interrupt flag stays set). A message
   * taken back is {@link Outbound.State#CANCELLED}: the caller returns its window.
   */
  void writeData(Outbound o, long deadline) throws IOException {
    Waits.lockInterruptibly(lock, "write");
    try {
      if (refusal() != null) {
        throw refusal();
      }
      data.add(o);
      work.signal();
      boolean interrupted = false;
      try {
        while (o.state == Outbound.State.QUEUED || o.state == Outbound.State.TAKEN) {
          if (o.state == Outbound.State.TAKEN) {
            progress.awaitUninterruptibly();
            continue;
          }
          if (interrupted || Thread.currentThread().isInterrupted()) {
            data.remove(o);
            o.state = Outbound.State.CANCELLED;
            throw Waits.interrupted("write");
          }
          try {
            Waits.await(progress, deadline, "write");
          } catch (DeadlineExceededException e) {
            if (o.state == Outbound.State.QUEUED) {
              data.remove(o);
              o.state = Outbound.State.CANCELLED;
              throw e;
            }
          } catch (InterruptedIOException e) {
            interrupted = true; // Waits set the flag again
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      if (o.state == Outbound.State.FAILED) {
        throw o.failure;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the writer in an orderly way: new messages are refused with {@code cause}, what is
   * already queued is still written, and then {@link Events#drained()} runs. A later {@link
   * #close} (the connection failing, the drain's time running out) fails whatever is left.
   */
  void finish(IOException cause) {
    lock.lock();
    try {
      if (failure == null && finishing == null) {
        finishing = cause;
        work.signalAll();
        room.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Why a new message is refused, or null while the writer takes them. Caller holds the lock. */
  private IOException refusal() {
    return failure != null ? failure : finishing;
  }

  /** Ends the writer: everything still queued fails with {@code cause}. Idempotent. */
  void close(IOException cause) {
    lock.lock();
    try {
      if (failure != null) {
        return;
      }
      failure = cause;
      failAll(control, cause);
      failAll(data, cause);
      work.signalAll();
      progress.signalAll();
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static void failAll(ArrayDeque<Outbound> queue, IOException cause) {
    Outbound o;
    while ((o = queue.poll()) != null) {
      o.state = Outbound.State.FAILED;
      o.failure = cause;
    }
  }

  /** How many DATA messages wait in the queue (for tests). */
  int queuedData() {
    lock.lock();
    try {
      return data.size();
    } finally {
      lock.unlock();
    }
  }

  /** How many batches have been written (for tests that coalescing happens). */
  long batchesWritten() {
    lock.lock();
    try {
      return batchesWritten;
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    List<Outbound> batch = new ArrayList<>();
    List<QmuxChannel> closed = new ArrayList<>();
    try {
      while (take(batch)) {
        ByteBuffer buf = batches.take();
        buf.clear();
        try {
          for (Outbound o : batch) {
            encode(o, buf, closed);
          }
          settle(batch);
          buf.flip();
          if (buf.hasRemaining()) {
            connection.write(buf);
          }
        } finally {
          batches.give(buf);
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
      settle(batch, e);
      close(e); // nothing more will be written: whatever still waits fails now
      events.writeFailed(e);
    } catch (RuntimeException | Error e) {
      IOException cause = new IOException("qmux writer failed: " + e, e);
      settle(batch, cause);
      close(cause);
      events.writeFailed(cause);
      if (e instanceof Error err && !(e instanceof OutOfMemoryError)) {
        throw err;
      }
    }
  }

  /** Waits for work and takes the next batch; false once the writer is closed. */
  private boolean take(List<Outbound> batch) {
    lock.lock();
    try {
      while (failure == null && control.isEmpty() && data.isEmpty()) {
        if (finishing != null) {
          return false; // drained
        }
        work.awaitUninterruptibly();
      }
      if (failure != null) {
        return false;
      }
      int bytes = 0;
      Outbound o;
      int freed = 0;
      while (batch.size() < CONTROL_PER_BATCH && (o = control.poll()) != null) {
        o.state = Outbound.State.TAKEN;
        if (o.peerFed) {
          freed++;
        }
        bytes += o.size();
        batch.add(o);
      }
      while ((o = data.peek()) != null && bytes + o.size() <= BufferPool.BATCH) {
        data.poll();
        o.state = Outbound.State.TAKEN;
        bytes += o.size();
        batch.add(o);
      }
      if (freed > 0) {
        peerFed -= freed;
        room.signalAll();
      }
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
        if (o.strict) {
          o.failure = new ChannelClosedException("channel " + ch.id() + " is closed");
        }
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

  /** Marks a copied batch done (or failed, for strict messages refused on the way). */
  private void settle(List<Outbound> batch) {
    lock.lock();
    try {
      for (Outbound o : batch) {
        o.state = o.failure != null ? Outbound.State.FAILED : Outbound.State.DONE;
      }
      batchesWritten++;
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void settle(List<Outbound> batch, IOException cause) {
    lock.lock();
    try {
      for (Outbound o : batch) {
        if (o.state == Outbound.State.TAKEN) {
          o.state = Outbound.State.FAILED;
          o.failure = cause;
        }
      }
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
