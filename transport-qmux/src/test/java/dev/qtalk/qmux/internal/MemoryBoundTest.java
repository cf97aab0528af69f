package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import dev.qtalk.qmux.QmuxOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a peer can make a session hold is bounded in heap, not only in payload bytes: a flood of
 * 1-byte DATA messages that fills a channel's window costs about the window, whether the channel
 * was accepted or still waits in the backlog; the receive budget bounds the credit across channels.
 */
@Timeout(120)
class MemoryBoundTest {
  private static final int WINDOW = 2 * 1024 * 1024;
  /** JVM noise allowed on top of the documented bound when measuring heap after GC. */
  private static final long SLACK = 3 * 1024 * 1024;

  @Test
  void aOneByteFloodOnAnAcceptedChannelHoldsAboutItsWindow() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.of(QmuxOptions.BACKLOG_WINDOW, 16 * 1024))) {
      peer.send(new Message.Open(7, 1 << 20, 1 << 15));
      Channel ch = peer.session.accept(Duration.ofSeconds(5));
      Message.OpenConfirm confirm = (Message.OpenConfirm) peer.next();
      Message.WindowAdjust more = (Message.WindowAdjust) peer.next();
      long window = confirm.windowSize() + more.additionalBytes();
      assertThat(window).isEqualTo(WINDOW);
      long before = heapAfterGc();
      flood(peer, confirm.senderId(), window);
      QmuxChannel q = (QmuxChannel) ch;
      waitFor(() -> q.buffered(), window);
      long held = heapAfterGc() - before;
      System.out.printf("1-byte flood, accepted channel: %d bytes of data held in %d bytes of heap%n", window, held);
      assertThat(held).as("heap held by a window of 1-byte messages").isLessThan(window + 32 * 1024 + SLACK);
      assertThat(peer.session.isOpen()).isTrue();
      // and it is all there, in order
      ByteBuffer all = ByteBuffer.allocate((int) window);
      while (all.hasRemaining()) {
        ch.read(all);
      }
      assertThat(all.get(0)).isEqualTo((byte) 0);
      assertThat(all.get((int) window - 1)).isEqualTo((byte) ((window - 1) & 0x7f));
    }
  }

  @Test
  void oneByteFloodsOnUnacceptedChannelsHoldOnlyTheBacklogWindow() throws Exception {
    int channels = 12;
    try (ScriptedPeer peer = ScriptedPeer.start(Options.of(QmuxOptions.BACKLOG_WINDOW, 16 * 1024))) {
      long before = heapAfterGc();
      long total = 0;
      for (int i = 0; i < channels; i++) {
        peer.send(new Message.Open(100 + i, 1 << 20, 1 << 15));
        Message.OpenConfirm confirm = (Message.OpenConfirm) peer.next();
        assertThat(confirm.windowSize()).as("an unaccepted channel's window").isEqualTo(16 * 1024);
        flood(peer, confirm.senderId(), confirm.windowSize());
        total += confirm.windowSize();
      }
      long expected = total;
      waitFor(() -> {
        long sum = 0;
        for (int i = 0; i < channels; i++) {
          QmuxChannel q = peer.session.table().get(i);
          sum += q == null ? 0 : q.buffered();
        }
        return sum;
      }, expected);
      long held = heapAfterGc() - before;
      System.out.printf("1-byte floods, %d unaccepted channels: %d bytes of data held in %d bytes of heap%n",
          channels, total, held);
      assertThat(held).isLessThan(total + channels * 32L * 1024 + SLACK);
      assertThat(peer.session.isOpen()).isTrue();
    }
  }

  @Test
  void theReceiveBudgetSizesNewWindowsAndHoldsBackCreditUntilThereIsRoom() throws Exception {
    Options tight =
        Options.builder()
            .set(QmuxOptions.RECEIVE_BUDGET, 48L * 1024)
            .set(StandardOptions.WINDOW_SIZE, 32 * 1024)
            .set(QmuxOptions.BACKLOG_WINDOW, 32 * 1024)
            .build();
    try (ScriptedPeer peer = ScriptedPeer.start(tight)) {
      List<Message.OpenConfirm> confirms = openThree(peer);
      long[] ids = confirms.stream().mapToLong(Message.OpenConfirm::senderId).toArray();
      assertThat(confirms).extracting(Message.OpenConfirm::windowSize)
          .containsExactly(32L * 1024, 16L * 1024, ChannelTable.MIN_GRANT);
      Channel a = peer.session.accept(Duration.ofSeconds(5));
      Channel b = peer.session.accept(Duration.ofSeconds(5));
      peer.send(new Message.Data(ids[0], new byte[32 * 1024]));
      ByteBuffer dst = ByteBuffer.allocate(32 * 1024);
      while (dst.hasRemaining()) {
        a.read(dst);
      }
      Message.WindowAdjust first = (Message.WindowAdjust) peer.next();
      assertThat(first.recipientId()).isEqualTo(10);
      assertThat(first.additionalBytes()).as("only what fits in the budget").isEqualTo(28 * 1024);
      assertThat(peer.session.heldCredit()).isEqualTo(48 * 1024);
      b.close(); // frees b's 16 KiB once its CLOSE has gone both ways
      assertThat(peer.next()).isEqualTo(new Message.Close(11));
      peer.send(new Message.Close(ids[1]));
      Message.WindowAdjust rest = (Message.WindowAdjust) peer.next();
      assertThat(rest).isEqualTo(new Message.WindowAdjust(10, 4 * 1024));
    }
  }

  @Test
  void aChannelAcceptedWhileTheBudgetIsFullGetsItsWindowOnceThereIsRoom() throws Exception {
    // three channels in the backlog take the whole budget; accepted, each is owed the rest of its
    // window, and gets it, in the order they were accepted, as finished channels free the budget
    Options tight =
        Options.builder()
            .set(QmuxOptions.RECEIVE_BUDGET, 48L * 1024)
            .set(StandardOptions.WINDOW_SIZE, 32 * 1024)
            .set(QmuxOptions.BACKLOG_WINDOW, 16 * 1024)
            .build();
    try (ScriptedPeer peer = ScriptedPeer.start(tight)) {
      List<Message.OpenConfirm> confirms = openThree(peer);
      long[] ids = confirms.stream().mapToLong(Message.OpenConfirm::senderId).toArray();
      assertThat(confirms).extracting(Message.OpenConfirm::windowSize).containsOnly(16L * 1024);
      QmuxChannel a = (QmuxChannel) peer.session.accept(Duration.ofSeconds(5));
      QmuxChannel b = (QmuxChannel) peer.session.accept(Duration.ofSeconds(5));
      QmuxChannel c = (QmuxChannel) peer.session.accept(Duration.ofSeconds(5));
      assertThat(b.grantedWindow()).as("no room on accept").isEqualTo(16 * 1024);
      a.close();
      assertThat(peer.next()).isEqualTo(new Message.Close(10));
      peer.send(new Message.Close(ids[0]));
      assertThat(peer.next()).as("a's share goes to b").isEqualTo(new Message.WindowAdjust(11, 16 * 1024));
      assertThat(b.grantedWindow()).isEqualTo(32 * 1024);
      assertThat(c.grantedWindow()).isEqualTo(16 * 1024);
      // b's whole window is real: the peer may send it all before b reads a byte
      peer.send(new Message.Data(ids[1], new byte[32 * 1024]));
      ByteBuffer dst = ByteBuffer.allocate(32 * 1024);
      while (dst.hasRemaining()) {
        b.read(dst);
      }
      b.close();
      // reading it all gave the credit back at once, ahead of the close
      assertThat(peer.next()).isEqualTo(new Message.WindowAdjust(11, 32 * 1024));
      assertThat(peer.next()).isEqualTo(new Message.Close(11));
      peer.send(new Message.Close(ids[1]));
      assertThat(peer.next()).as("then c gets the rest of its window").isEqualTo(new Message.WindowAdjust(12, 16 * 1024));
      assertThat(c.grantedWindow()).isEqualTo(32 * 1024);
    }
  }

  /** The peer opens channels 10, 11 and 12, in that order; their confirmations. */
  private static List<Message.OpenConfirm> openThree(ScriptedPeer peer) throws IOException {
    List<Message.OpenConfirm> confirms = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      peer.send(new Message.Open(10 + i, 1 << 20, 1 << 15));
      confirms.add((Message.OpenConfirm) peer.next());
    }
    return confirms;
  }

  /** Sends {@code window} DATA messages of one byte each, as fast as the socket takes them. */
  private static void flood(ScriptedPeer peer, long recipient, long window) throws IOException {
    OutputStream out = new BufferedOutputStream(peer.rawOutput(), 1 << 16);
    byte[] m = new byte[10];
    m[0] = (byte) Message.DATA;
    MessageCodec.putUint32(m, 1, recipient);
    MessageCodec.putUint32(m, 5, 1);
    for (long i = 0; i < window; i++) {
      m[9] = (byte) (i & 0x7f);
      out.write(m);
    }
    out.flush();
  }

  private static void waitFor(LongSupplier value, long wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (value.getAsLong() < wanted) {
      assertThat(System.nanoTime()).as("all the flood arrived").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
