package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The writer's queue while the connection's writes are held on a latch: a write returns once its
 * bytes are copied into the queue; with the queue full, an interrupt or a timeout fails only the
 * call it hits and its window comes back; credit and EOF are never lost; reads never wait behind
 * the stuck write; control messages go ahead of queued data, a channel's EOF and CLOSE behind its
 * own; and the session lives on.
 */
@Timeout(60)
class HeldWriteTest {
  private static final long PEER_WINDOW = 1 << 20;

  private Connection[] pipe;
  private HeldConnection held;
  private QmuxSession session;
  private final LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
  private final List<Message> seen = new ArrayList<>();
  private Channel ch1;
  private Channel ch2;

  @BeforeEach
  void start() throws Exception {
    pipe = MemoryPipe.connectionPair("held", 1 << 22);
    held = new HeldConnection(pipe[0]);
    session = QmuxSession.start(held, Options.defaults());
    Thread.ofVirtual().start(this::collect);
    peerSend(new Message.Open(7, PEER_WINDOW, 1 << 16));
    peerSend(new Message.Open(8, PEER_WINDOW, 1 << 16));
    ch1 = session.accept(Duration.ofSeconds(5));
    ch2 = session.accept(Duration.ofSeconds(5));
    // both confirms and the window granted on accept are out before any test holds the writer
    await(m -> m instanceof Message.WindowAdjust w && w.recipientId() == 7);
    await(m -> m instanceof Message.WindowAdjust w && w.recipientId() == 8);
  }

  @AfterEach
  void stop() throws IOException {
    held.release();
    session.close();
    pipe[1].close();
  }

  @Test
  void aWriteReturnsOnceCopiedWhileTheConnectionIsHeld() throws Exception {
    blockTheWriter();
    ByteBuffer src = ByteBuffer.allocate(100_000);
    ch2.write(src);
    assertThat(src.hasRemaining()).isFalse();
    assertThat(session.queuedData()).as("copied into the queue").isGreaterThanOrEqualTo(100_000);
    src.clear().put(new byte[100_000]); // the caller's buffer is its own again
    held.release();
    long got = 0;
    while (got < 100_000) {
      got += ((Message.Data) await(m -> m instanceof Message.Data d && d.recipientId() == 8)).length();
    }
    assertThat(got).isEqualTo(100_000);
    assertThat(session.queuedData()).isZero();
  }

  @Test
  void anInterruptedWriteWaitingForAFullQueueFailsAloneAndReturnsItsWindow() throws Exception {
    blockTheWriter();
    fillTheQueue();
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    CompletableFuture<Boolean> flagKept = new CompletableFuture<>();
    Thread w2 = Thread.ofVirtual().start(() -> {
      try {
        ch2.write(ByteBuffer.allocate(4096));
        thrown.complete(null);
      } catch (Throwable t) {
        flagKept.complete(Thread.currentThread().isInterrupted());
        thrown.complete(t);
      }
    });
    waitFor(() -> session.waitingForSpace() == 1, "the second write waits for room in the queue");
    w2.interrupt();
    assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
    assertThat(((InterruptedIOException) thrown.get()).bytesTransferred).isZero();
    assertThat(flagKept.get()).as("the interrupt flag is kept").isTrue();
    assertThat(((QmuxChannel) ch2).sendWindow()).as("the reserved window is given back").isEqualTo(PEER_WINDOW);
    assertThat(session.isOpen()).isTrue();

    held.release();
    ch2.write(ByteBuffer.wrap("after".getBytes()));
    Message.Data first = (Message.Data) await(m -> m instanceof Message.Data d && d.recipientId() == 8);
    assertThat(first.length()).as("the interrupted write never went out").isEqualTo(5);
    assertThat(session.isOpen()).isTrue();
  }

  @Test
  void aWriteTimeoutBoundsTheWaitForAHeldConnection() throws Exception {
    blockTheWriter();
    fillTheQueue();
    ch2.writeTimeout(Duration.ofMillis(300));
    long start = System.nanoTime();
    Throwable t = catching(() -> ch2.write(ByteBuffer.allocate(4096)));
    assertThat(t).isInstanceOf(DeadlineExceededException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(((QmuxChannel) ch2).sendWindow()).isEqualTo(PEER_WINDOW);
    assertThat(session.isOpen()).isTrue();
    held.release();
    ch2.writeTimeout(Duration.ZERO);
    ch2.write(ByteBuffer.wrap("ok".getBytes()));
    assertThat(((Message.Data) await(m -> m instanceof Message.Data d && d.recipientId() == 8)).length()).isEqualTo(2);
  }

  @Test
  void aReadNeverWaitsBehindAHeldWriteAndItsCreditIsNotLost() throws Exception {
    blockTheWriter();
    peerSend(new Message.Data(ch1.id(), new byte[100]));
    ByteBuffer dst = ByteBuffer.allocate(1000);
    assertThat(ch1.read(dst)).isEqualTo(100);
    held.release();
    Message.WindowAdjust credit =
        (Message.WindowAdjust) await(m -> m instanceof Message.WindowAdjust w && w.recipientId() == 7);
    assertThat(credit.additionalBytes()).isEqualTo(100);
  }

  @Test
  void eofAndCloseWhileHeldReturnAtOnceAndGoOutInOrder() throws Exception {
    blockTheWriter();
    ch2.closeWrite();
    ch2.close();
    held.release();
    await(m -> m instanceof Message.Eof e && e.recipientId() == 8);
    await(m -> m instanceof Message.Close c && c.recipientId() == 8);
    assertThat(session.isOpen()).isTrue();
  }

  @Test
  void controlMessagesGoAheadOfQueuedDataInOneBatch() throws Exception {
    blockTheWriter();
    CompletableFuture<Void> bulk = CompletableFuture.runAsync(() -> {
      try {
        ch2.write(ByteBuffer.allocate(60_000));
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    }, r -> Thread.ofVirtual().start(r));
    bulk.get(10, TimeUnit.SECONDS); // copied into the queue: the write is done
    assertThat(session.queuedData()).isGreaterThanOrEqualTo(60_000);
    ch1.closeWrite();
    long batches = session.batchesTaken();
    held.release();
    Message eof = await(m -> m instanceof Message.Eof e && e.recipientId() == 7);
    Message data = seen.stream().filter(m -> m instanceof Message.Data d && d.recipientId() == 8).findFirst()
        .orElseGet(() -> uncheckedAwait(m -> m instanceof Message.Data d && d.recipientId() == 8));
    assertThat(seen.indexOf(eof)).as("the EOF went ahead of the queued DATA").isLessThan(seen.indexOf(data));
    assertThat(session.batchesTaken() - batches).as("both left in one batch").isEqualTo(1);
  }

  @Test
  void aChannelsEofAndCloseGoOutBehindItsQueuedData() throws Exception {
    blockTheWriter();
    ch2.write(ByteBuffer.allocate(60_000));
    ch2.closeWrite();
    ch2.close();
    held.release();
    long got = 0;
    while (got < 60_000) {
      Message m = await(x -> x.channel() == 8);
      assertThat(m).as("only DATA before all 60,000 bytes arrived").isInstanceOf(Message.Data.class);
      got += ((Message.Data) m).length();
    }
    assertThat(await(m -> m.channel() == 8)).isInstanceOf(Message.Eof.class);
    assertThat(await(m -> m.channel() == 8)).isInstanceOf(Message.Close.class);
  }

  @Test
  void thePeersCloseDropsTheChannelsQueuedData() throws Exception {
    blockTheWriter();
    ch2.write(ByteBuffer.allocate(60_000));
    peerSend(new Message.Close(ch2.id()));
    waitFor(() -> session.queuedData() == 0, "the queued DATA is dropped when our CLOSE answers");
    held.release();
    assertThat(await(m -> m.channel() == 8)).as("nothing of the channel goes out before our CLOSE")
        .isInstanceOf(Message.Close.class);
    ch1.write(ByteBuffer.wrap("next".getBytes()));
    await(m -> m instanceof Message.Data d && d.recipientId() == 7 && d.length() == 4);
    assertThat(seen.stream().filter(m -> m.channel() == 8 && m instanceof Message.Data)).isEmpty();
    assertThat(session.isOpen()).isTrue();
  }

  // ---- helpers ----

  /**
   * Fills the writer's queue on channel 7 to within less than one 4 KiB message of its limit, so
   * that the next write waits for room.
   */
  private void fillTheQueue() throws IOException {
    ch1.write(ByteBuffer.allocate(FrameWriter.SEND_QUEUE - 400)); // 16 messages of at most 64 KiB
    assertThat(session.queuedData()).isGreaterThan(FrameWriter.SEND_QUEUE - 4096 - 9);
  }

  /** Holds the connection and makes the writer take a batch and block on it. */
  private void blockTheWriter() throws Exception {
    held.hold();
    ch1.write(ByteBuffer.wrap("held".getBytes())); // returns once copied: the writer then blocks
    held.awaitBlocked(Duration.ofSeconds(10));
  }

  private void peerSend(Message m) throws IOException {
    pipe[1].write(MessageCodec.encode(m));
  }

  private void collect() {
    try {
      for (Message m; (m = MessageCodec.decode(pipe[1].input(), (c, l) -> {})) != null; ) {
        received.add(m);
      }
    } catch (IOException e) {
      // the pipe closed
    }
  }

  /** Waits for the next message the session writes that matches, remembering all it passes. */
  private Message await(java.util.function.Predicate<Message> wanted) throws InterruptedException {
    while (true) {
      Message m = received.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message from the session").isNotNull();
      seen.add(m);
      if (wanted.test(m)) {
        return m;
      }
    }
  }

  private Message uncheckedAwait(java.util.function.Predicate<Message> wanted) {
    try {
      return await(wanted);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what).isTrue();
      Thread.sleep(1);
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private static Throwable catching(Call call) {
    try {
      call.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
