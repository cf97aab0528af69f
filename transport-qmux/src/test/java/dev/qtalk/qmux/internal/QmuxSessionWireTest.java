package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import dev.qtalk.OpenRefusedException;
import dev.qtalk.Options;
import dev.qtalk.ProtocolException;
import dev.qtalk.SessionClosedException;
import dev.qtalk.StandardOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session's behaviour on the wire, against a scripted peer (QTALK-WIRE §2.5-2.10 C). */
@Timeout(20)
class QmuxSessionWireTest {
  private static final Options SMALL =
      Options.builder()
          .set(StandardOptions.WINDOW_SIZE, 64)
          .set(StandardOptions.MAX_PACKET_SIZE, 32)
          .build();

  // ---- negative vectors C ----

  @Test
  void unknownMessageTypeEndsTheSession() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      peer.send("5e 00000005");
      assertThat(peer.expectConnectionEnd()).isEmpty();
      awaitEnd(peer);
      assertThat(peer.session.closeCause())
          .get()
          .isInstanceOf(ProtocolException.class)
          .extracting(Throwable::getMessage)
          .asString()
          .contains("unexpected message type 94");
    }
  }

  @Test
  void closeForAChannelThatNeverExistedIsDroppedAndTheSessionLives() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      peer.send("6a 00000005");
      // still alive: an OPEN is accepted and confirmed
      peer.send("64 00000007 00000400 00008000");
      Channel ch = peer.session.accept(Duration.ofSeconds(5));
      peer.expect("65 00000007 00000000 00200000 00040000");
      assertThat(ch.id()).isZero();
      assertThat(peer.session.isOpen()).isTrue();
      assertThat(peer.session.droppedMessages()).isEqualTo(1);
    }
  }

  @Test
  void openWithTooSmallMaxPacketIsRefusedAndTheSessionLives() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      peer.send("64 00000007 00000400 00000008");
      peer.expect("66 00000007");
      peer.send("64 00000008 00000400 80000001"); // 2^31 + 1: too large
      peer.expect("66 00000008");
      assertThat(peer.session.isOpen()).isTrue();
      peer.send("64 00000009 00000400 80000000"); // 2^31 is the largest allowed
      peer.session.accept(Duration.ofSeconds(5));
      peer.expect("65 00000009 00000000 00200000 00040000");
    }
  }

  @Test
  void windowAdjustOverflowEndsTheSession() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      peer.send("64 00000000 ffffffff 00008000");
      peer.session.accept(Duration.ofSeconds(5));
      peer.expect("65 00000000 00000000 00200000 00040000");
      peer.send("67 00000000 00000001");
      peer.expectConnectionEnd();
      awaitEnd(peer);
      assertThat(peer.session.closeCause().orElseThrow()).hasMessageContaining("invalid window update");
    }
  }

  // ---- the other malformed inputs of §2.9 ----

  @Test
  void dataLongerThanOurMaxPacketEndsTheSessionBeforeAllocating() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(SMALL)) {
      openFromPeer(peer);
      peer.send("68 00000000 ffffffff"); // 4 GiB claimed, nothing behind it
      peer.expectConnectionEnd();
      awaitEnd(peer);
      assertThat(peer.session.closeCause().orElseThrow()).hasMessageContaining("exceeds the max packet size 32");
    }
  }

  @Test
  void dataBeyondOurWindowEndsTheSession() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(SMALL)) {
      Channel ch = openFromPeer(peer);
      peer.send(data(0, 32)).send(data(0, 32)); // the whole 64-byte window
      peer.send(data(0, 1));
      peer.expectConnectionEnd();
      awaitEnd(peer);
      assertThat(peer.session.closeCause().orElseThrow()).hasMessageContaining("wrote too much");
      assertThatThrownBy(() -> ch.write(ByteBuffer.allocate(1))).isInstanceOf(SessionClosedException.class);
    }
  }

  @Test
  void truncatedMessageEndsTheSession() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      peer.send("64 00000007 0000");
      peer.closeSocket();
      awaitEnd(peer);
      assertThat(peer.session.closeCause().orElseThrow()).hasMessageContaining("ended inside a message");
    }
  }

  @Test
  void confirmForAChannelThePeerOpenedEndsTheSession() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      openFromPeer(peer);
      peer.send("65 00000000 00000003 00000400 00008000");
      peer.expectConnectionEnd();
      awaitEnd(peer);
      assertThat(peer.session.closeCause().orElseThrow()).hasMessageContaining("which the peer opened");
    }
  }

  @Test
  void blockedCallsReturnWhenThePeerBreaksTheProtocol() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      Channel ch = openFromPeer(peer);
      Blocking read = Blocking.start(() -> ch.read(ByteBuffer.allocate(10))).awaitBlocked();
      Blocking accept = Blocking.start(() -> peer.session.accept()).awaitBlocked();
      peer.send("ff");
      assertThat(read.get()).isInstanceOf(SessionClosedException.class);
      assertThat(accept.get()).isInstanceOf(SessionClosedException.class);
      assertThat(peer.session.closeFuture()).succeedsWithin(Duration.ofSeconds(5));
    }
  }

  // ---- open / confirm ----

  @Test
  void openSendsOurWindowAndMaxPacketAndReturnsOnConfirm() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      CompletableFuture<Channel> opened = CompletableFuture.supplyAsync(() -> uncheck(() -> peer.session.open()));
      peer.expect("64 00000000 00200000 00040000");
      peer.send("65 00000000 0000002a 00001000 00008000");
      Channel ch = opened.get(5, TimeUnit.SECONDS);
      ch.write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
      peer.expect("68 0000002a 00000002 6869");
    }
  }

  @Test
  void openFailureIsAnOpenRefusedException() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      CompletableFuture<Throwable> opened = failureOf(() -> peer.session.open());
      peer.expect("64 00000000 00200000 00040000");
      peer.send("66 00000000");
      assertThat(opened.get(5, TimeUnit.SECONDS)).isInstanceOf(OpenRefusedException.class);
      assertThat(peer.session.isOpen()).isTrue();
      assertThat(peer.session.channelCount()).isZero();
    }
  }

  @Test
  void aLateConfirmForAnAbandonedOpenIsClosed() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      assertThatThrownBy(() -> peer.session.open(Duration.ofMillis(100)))
          .isInstanceOf(dev.qtalk.DeadlineExceededException.class);
      peer.expect("64 00000000 00200000 00040000");
      peer.send("65 00000000 00000009 00001000 00008000");
      peer.expect("6a 00000009");
      peer.send("6a 00000000");
      awaitCount(peer, 0);
    }
  }

  @Test
  void aChannelNotAcceptedInTimeIsClosed() throws Exception {
    Options quick = Options.of(StandardOptions.ACCEPT_TIMEOUT, Duration.ofMillis(200));
    try (ScriptedPeer peer = ScriptedPeer.start(quick)) {
      peer.send("64 00000003 00000400 00008000");
      peer.expect("65 00000003 00000000 00200000 00040000"); // confirmed on arrival
      peer.expect("6a 00000003"); // closed once the accept timeout passed
      peer.send("6a 00000000");
      awaitCount(peer, 0);
      assertThatThrownBy(() -> peer.session.accept(Duration.ofMillis(50)))
          .isInstanceOf(dev.qtalk.DeadlineExceededException.class);
    }
  }

  @Test
  void theConfirmIsWrittenWithoutWaitingForAccept() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      peer.send("64 00000003 00000400 00008000");
      peer.expect("65 00000003 00000000 00200000 00040000");
      peer.send("68 00000000 00000002 6869"); // data may follow at once
      Channel ch = peer.session.accept(Duration.ofSeconds(5));
      assertThat(readAll(ch, 2)).isEqualTo("hi");
    }
  }

  @Test
  void opensBeyondTheAcceptBacklogAreRefused() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.of(StandardOptions.ACCEPT_BACKLOG, 2))) {
      peer.send("64 00000001 00000400 00008000");
      peer.send("64 00000002 00000400 00008000");
      peer.send("64 00000003 00000400 00008000");
      peer.expect("65 00000001 00000000 00200000 00040000");
      peer.expect("65 00000002 00000001 00200000 00040000");
      peer.expect("66 00000003");
      assertThat(peer.session.accept(Duration.ofSeconds(1)).id()).isEqualTo(0);
      peer.send("64 00000004 00000400 00008000"); // room again
      peer.expect("65 00000004 00000002 00200000 00040000");
    }
  }

  @Test
  void aPeerThatReadsSlowlyIsServedNotCutOff() throws Exception {
    Options tight =
        Options.builder()
            .set(StandardOptions.ACCEPT_BACKLOG, 1)
            .set(dev.qtalk.qmux.QmuxOptions.CONTROL_QUEUE_LIMIT, 1)
            .build();
    try (ScriptedPeer peer = ScriptedPeer.start(tight)) {
      StringBuilder opens = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        opens.append(String.format("64 %08x 00000400 00008000", i));
      }
      peer.send(opens.toString()); // 1000 opens at once: one is confirmed, 999 refused
      assertThat(peer.next()).isInstanceOf(Message.OpenConfirm.class);
      for (int i = 1; i < 1000; i++) {
        assertThat(peer.next()).isEqualTo(new Message.OpenFailure(i));
      }
      assertThat(peer.session.isOpen()).isTrue();
    }
  }

  @Test
  void aPeerThatNeverReadsOurRepliesEndsTheSession() throws Exception {
    Options tight =
        Options.builder()
            .set(StandardOptions.ACCEPT_BACKLOG, 1)
            .set(dev.qtalk.qmux.QmuxOptions.CONTROL_QUEUE_LIMIT, 4)
            .set(dev.qtalk.qmux.QmuxOptions.CONTROL_STALL_TIMEOUT, Duration.ofMillis(300))
            .build();
    try (ScriptedPeer peer = ScriptedPeer.start(tight)) {
      byte[] open = java.util.HexFormat.of().parseHex("64000000070000040000008000");
      byte[] burst = new byte[open.length * 10_000];
      for (int i = 0; i < 10_000; i++) {
        System.arraycopy(open, 0, burst, i * open.length, open.length);
      }
      // Each OPEN is refused with 5 bytes we write back; the peer reads none of them, so the
      // socket fills, our writer stalls, and the reader gives up after the stall timeout.
      CompletableFuture<Void> flood =
          CompletableFuture.runAsync(() -> {
            try {
              for (int i = 0; i < 200 && peer.session.isOpen(); i++) {
                peer.sendRaw(burst);
              }
            } catch (IOException expected) {
              // the session closed the connection under us
            }
          });
      assertThat(peer.session.closeFuture()).succeedsWithin(Duration.ofSeconds(30));
      assertThat(peer.session.closeCause().orElseThrow()).hasMessageContaining("the peer is not reading");
      flood.get(10, TimeUnit.SECONDS);
    }
  }

  // ---- flow control ----

  @Test
  void creditGoesBackOncePerConsumedDataMessageNotPerRead() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(SMALL)) {
      Channel ch = openFromPeer(peer);
      peer.send(data(0, 10));
      ByteBuffer one = ByteBuffer.allocate(1);
      for (int i = 0; i < 9; i++) {
        assertThat(ch.read(one.clear())).isEqualTo(1);
      }
      peer.expectNothingPending(); // nine one-byte reads: no adjust yet
      assertThat(ch.read(one.clear())).isEqualTo(1);
      peer.expect("67 00000007 0000000a"); // the message is consumed: all ten at once
      // two messages consumed by one read: one adjust for both
      peer.send(data(0, 5)).send(data(0, 6));
      awaitBuffered(ch, 11);
      assertThat(ch.read(ByteBuffer.allocate(64))).isEqualTo(11);
      peer.expect("67 00000007 0000000b");
    }
  }

  @Test
  void writesSplitAtThePeersMaxPacketAndWaitForItsWindow() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      peer.send("64 00000004 00000014 00000009"); // window 20, max packet 9
      Channel ch = peer.session.accept(Duration.ofSeconds(5));
      peer.expect("65 00000004 00000000 00200000 00040000");
      Blocking write = Blocking.start(() -> ch.write(ByteBuffer.allocate(25)));
      assertThat(peer.next()).isEqualTo(new Message.Data(4, new byte[9]));
      assertThat(peer.next()).isEqualTo(new Message.Data(4, new byte[9]));
      assertThat(peer.next()).isEqualTo(new Message.Data(4, new byte[2]));
      write.awaitBlocked(); // out of window
      peer.expectNothingPending();
      peer.send("67 00000000 00000003"); // adjusts name our id
      assertThat(peer.next()).isEqualTo(new Message.Data(4, new byte[3]));
      peer.send("67 00000000 00000064");
      assertThat(peer.next()).isEqualTo(new Message.Data(4, new byte[2]));
      assertThat(write.get()).isEqualTo(25);
    }
  }

  @Test
  void emptyWritesSendNothing() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      Channel ch = openFromPeer(peer);
      assertThat(ch.write(ByteBuffer.allocate(0))).isZero();
      ch.closeWrite();
      peer.expect("69 00000007"); // EOF, with no empty DATA before it
    }
  }

  // ---- EOF and CLOSE (§2.8) ----

  @Test
  void peerEofEndsReadsAfterTheDataAndWritesGoOn() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      Channel ch = openFromPeer(peer);
      peer.send("68 00000000 00000003 616263").send("69 00000000");
      ByteBuffer buf = ByteBuffer.allocate(10);
      assertThat(ch.read(buf)).isEqualTo(3);
      assertThat(ch.read(buf)).isEqualTo(-1);
      assertThat(ch.read(buf)).isEqualTo(-1);
      ch.write(ByteBuffer.wrap(new byte[] {1}));
      peer.expect("67 00000007 00000003").expect("68 00000007 00000001 01");
    }
  }

  @Test
  void closeWriteSendsEofAndLaterWritesFail() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      Channel ch = openFromPeer(peer);
      ch.closeWrite();
      ch.closeWrite();
      peer.expect("69 00000007");
      assertThatThrownBy(() -> ch.write(ByteBuffer.allocate(1))).isInstanceOf(ChannelClosedException.class);
      peer.send("68 00000000 00000001 41");
      assertThat(ch.read(ByteBuffer.allocate(1))).isEqualTo(1);
    }
  }

  @Test
  void peerCloseIsAnsweredAndTheIdFreed() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      Channel ch = openFromPeer(peer);
      peer.send("68 00000000 00000002 6869").send("6a 00000000");
      peer.expect("6a 00000007");
      awaitCount(peer, 0);
      assertThat(ch.read(ByteBuffer.allocate(10))).as("buffered data stays readable").isEqualTo(2);
      assertThat(ch.read(ByteBuffer.allocate(10))).isEqualTo(-1);
      assertThatThrownBy(() -> ch.write(ByteBuffer.allocate(1))).isInstanceOf(ChannelClosedException.class);
      ch.close();
      peer.expectNothingPending(); // no second CLOSE
    }
  }

  @Test
  void ourCloseWaitsForThePeersAndAcceptsDataThatCrossedIt() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      Channel ch = openFromPeer(peer);
      ch.close();
      ch.close();
      peer.expect("6a 00000007");
      assertThat(peer.session.channelCount()).isEqualTo(1);
      peer.send("68 00000000 00000002 6869"); // crossed our CLOSE: dropped quietly
      peer.send("6a 00000000");
      awaitCount(peer, 0);
      assertThat(peer.session.isOpen()).isTrue();
      peer.expectNothingPending(); // no WINDOW_ADJUST after our CLOSE
      assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(1))).isInstanceOf(ChannelClosedException.class);
    }
  }

  @Test
  void idsAreNotReusedAtOnce() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      Channel first = openFromPeer(peer);
      peer.send("6a 00000000");
      peer.expect("6a 00000007");
      awaitCount(peer, 0);
      peer.send("64 00000008 00000400 00008000");
      Channel second = peer.session.accept(Duration.ofSeconds(5));
      assertThat(second.id()).isNotEqualTo(first.id());
      // late DATA for the freed id is dropped, not given to the new channel
      peer.send("68 00000000 00000001 41");
      second.readTimeout(Duration.ofMillis(100));
      assertThatThrownBy(() -> second.read(ByteBuffer.allocate(1)))
          .isInstanceOf(dev.qtalk.DeadlineExceededException.class);
    }
  }

  // ---- helpers ----

  /** The peer opens its channel 7 (window 1024, max packet 32 KiB); we accept it as our channel 0. */
  private static Channel openFromPeer(ScriptedPeer peer) throws IOException {
    peer.send("64 00000007 00000400 00008000");
    Channel ch = peer.session.accept(Duration.ofSeconds(5));
    Message confirm = peer.next();
    assertThat(confirm).isInstanceOf(Message.OpenConfirm.class);
    assertThat(((Message.OpenConfirm) confirm).recipientId()).isEqualTo(7);
    assertThat(((Message.OpenConfirm) confirm).senderId()).isEqualTo(ch.id());
    assertThat(ch.id()).isZero();
    return ch;
  }

  private static String readAll(Channel ch, int n) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining() && ch.read(buf) >= 0) {}
    return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
  }

  private static Message data(long channel, int length) {
    return new Message.Data(channel, new byte[length]);
  }

  private static void awaitEnd(ScriptedPeer peer) {
    assertThat(peer.session.closeFuture()).succeedsWithin(Duration.ofSeconds(5));
    assertThat(peer.session.isOpen()).isFalse();
  }

  private static void awaitCount(ScriptedPeer peer, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (peer.session.channelCount() != count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(peer.session.channelCount()).isEqualTo(count);
  }

  private static void awaitBuffered(Channel ch, int bytes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (((QmuxChannel) ch).buffered() < bytes && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(((QmuxChannel) ch).buffered()).isEqualTo(bytes);
  }

  interface IoCall<T> {
    T call() throws Exception;
  }

  static <T> T uncheck(IoCall<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  static CompletableFuture<Throwable> failureOf(IoCall<?> call) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            call.call();
            return null;
          } catch (Throwable t) {
            return t;
          }
        });
  }
}
