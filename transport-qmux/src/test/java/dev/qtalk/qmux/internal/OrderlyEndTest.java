package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.SessionClosedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that sends DATA and EOF (or CLOSE) and then closes the connection, as a Go program does
 * with {@code Write; CloseWrite; Close}, has ended its stream in order: the data is read in full,
 * then -1. Only a connection that ends with the stream unfinished is an error.
 */
@Timeout(30)
class OrderlyEndTest {

  @Test
  void dataThenEofThenConnectionEndReadsTheDataThenEndOfStream() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      Channel ch = openFromPeer(peer);
      peer.send(new Message.Data(ch.id(), "hello".getBytes(StandardCharsets.UTF_8)));
      peer.send(new Message.Eof(ch.id()));
      peer.closeSocket();
      peer.session.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(readAll(ch)).isEqualTo("hello");
      assertThat(ch.read(ByteBuffer.allocate(8))).isEqualTo(-1);
      assertThat(peer.session.closeCause()).as("the peer closed in order").isEmpty();
    }
  }

  @Test
  void dataThenCloseThenConnectionEndReadsTheDataThenEndOfStream() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      Channel ch = openFromPeer(peer);
      peer.send(new Message.Data(ch.id(), "bye".getBytes(StandardCharsets.UTF_8)));
      peer.send(new Message.Close(ch.id()));
      peer.closeSocket();
      peer.session.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(readAll(ch)).isEqualTo("bye");
    }
  }

  @Test
  void dataWithoutEofThenConnectionEndReadsTheDataThenFails() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      Channel ch = openFromPeer(peer);
      peer.send(new Message.Data(ch.id(), "cut".getBytes(StandardCharsets.UTF_8)));
      peer.closeSocket();
      peer.session.closeFuture().get(10, TimeUnit.SECONDS);
      ByteBuffer buf = ByteBuffer.allocate(16);
      assertThat(ch.read(buf)).isEqualTo(3);
      assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(16)))
          .as("the stream never ended: the connection's end is an error for it")
          .isInstanceOf(SessionClosedException.class);
    }
  }

  @Test
  void aReaderBlockedWhenTheEofAndTheEndArriveSeesEndOfStream() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start(Options.defaults())) {
      Channel ch = openFromPeer(peer);
      var read = KeepaliveTest.failure(() -> {
        int n = ch.read(ByteBuffer.allocate(8));
        if (n != -1) {
          throw new AssertionError("read " + n + " (expected: -1)");
        }
        return n;
      });
      peer.send(new Message.Eof(ch.id()));
      peer.closeSocket();
      assertThat(read.get(10, TimeUnit.SECONDS)).isNull();
    }
  }

  @Test
  void writeCloseWriteCloseDeliversEverythingThenEndOfStream() throws Exception {
    for (int round = 0; round < 20; round++) {
      Connection[] pipe = MemoryPipe.connectionPair("wcc-" + round, 1 << 16);
      QmuxSession a = QmuxSession.start(pipe[0], Options.defaults());
      QmuxSession b = QmuxSession.start(pipe[1], Options.defaults());
      try {
        Channel mine = a.open(Duration.ofSeconds(5));
        Channel theirs = b.accept(Duration.ofSeconds(5));
        byte[] data = new byte[100_000];
        java.util.Arrays.fill(data, (byte) round);
        mine.write(ByteBuffer.wrap(data));
        mine.closeWrite();
        a.close(); // at once, as a Go program's Write; CloseWrite; Close
        ByteBuffer all = ByteBuffer.allocate(data.length + 1);
        while (theirs.read(all) >= 0) {
          assertThat(all.position()).isLessThanOrEqualTo(data.length);
        }
        assertThat(all.position()).as("round %d: bytes before the end of stream", round).isEqualTo(data.length);
      } finally {
        a.close();
        b.close();
      }
    }
  }

  private static Channel openFromPeer(ScriptedPeer peer) throws Exception {
    peer.send(new Message.Open(7, 1 << 20, 1 << 15));
    Channel ch = peer.session.accept(Duration.ofSeconds(5));
    assertThat(peer.next()).isInstanceOf(Message.OpenConfirm.class);
    return ch;
  }

  private static String readAll(Channel ch) throws Exception {
    StringBuilder out = new StringBuilder();
    ByteBuffer buf = ByteBuffer.allocate(4);
    while (ch.read(buf.clear()) >= 0) {
      out.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }
}
