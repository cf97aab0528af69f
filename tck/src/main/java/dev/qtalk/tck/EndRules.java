package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rules HC-8, HC-9 and CR-12 to CR-14: how channels and sessions end, as the contract in {@code
 * Session} and {@code Channel} says.
 */
abstract class EndRules extends RuleSuite {

  EndRules(TransportTck kit) {
    super(kit);
  }

  @Test
  @Tag("optional")
  @DisplayName("HC-8 isOpen() stays true after closeWrite(), on the side that half-closed and on its peer")
  void openAfterHalfClose() throws Exception {
    requires(Capability.HALF_CLOSE);
    Channel[] ch = openPair(pair());
    ch[0].closeWrite();
    assertThat(ch[0].isOpen()).as("isOpen() after our own closeWrite()").isTrue();
    assertThat(await(async(() -> ch[1].read(ByteBuffer.allocate(1))), PROMPT, "the peer's read of EOF")).isEqualTo(-1);
    assertThat(ch[1].isOpen()).as("isOpen() after reading the peer's EOF").isTrue();
    writeAll(ch[1], "back".getBytes());
    assertThat(readN(ch[0], 4)).isEqualTo("back".getBytes());
    ch[0].close();
    assertThat(ch[0].isOpen()).as("isOpen() after close()").isFalse();
  }

  @Test
  @Tag("optional")
  @DisplayName("HC-9 bytes, then EOF, then the session ending: the peer reads the bytes, then -1 (not an error)")
  void endOfStreamThenSessionEnd() throws Exception {
    requires(Capability.HALF_CLOSE);
    unlessKnownDefect("HC-9");
    SessionPair p = pair();
    Channel[] ch = openPair(p);
    SeededBytes data = new SeededBytes(91);
    int size = 64 * 1024;
    writeAll(ch[0], data.bytes(0, size));
    ch[0].closeWrite();
    // the bytes and the EOF have arrived before the connection ends
    assertThat(readN(ch[1], 1)[0]).isEqualTo(data.bytes(0, 1)[0]);
    p.client().close();
    long deadline = System.nanoTime() + PROMPT.toNanos();
    while (p.server().isOpen() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(p.server().isOpen()).as("the server session %s ms after the client closed", PROMPT.toMillis()).isFalse();
    long got = await(async(() -> readToEofFrom(ch[1], data, 1)), PROMPT, "reading bytes then EOF after the session ended");
    assertThat(got).as("bytes read before the end of stream").isEqualTo(size);
    assertThat(ch[1].read(ByteBuffer.allocate(1))).as("the end of stream, read again").isEqualTo(-1);
    await(p.server().closeFuture(), PROMPT, "the server session's closeFuture after the client closed");
  }

  @Test
  @DisplayName("CR-12 an orderly close leaves closeCause() empty on both sides, whichever side closes")
  void orderlyCloseHasNoCause() throws Exception {
    for (boolean clientCloses : new boolean[] {true, false}) {
      SessionPair p = pair();
      Channel[] ch = openPair(p);
      OpenAcceptRules.exchange(ch[0], ch[1]);
      (clientCloses ? p.client() : p.server()).close();
      await(p.client().closeFuture(), PROMPT, "the client's closeFuture");
      await(p.server().closeFuture(), PROMPT, "the server's closeFuture");
      String closer = clientCloses ? "client" : "server";
      assertThat(p.client().closeCause()).as("the client's closeCause after the %s closed", closer).isEmpty();
      assertThat(p.server().closeCause()).as("the server's closeCause after the %s closed", closer).isEmpty();
      assertThat(p.client().isOpen()).isFalse();
      assertThat(p.server().isOpen()).isFalse();
    }
  }

  @Test
  @DisplayName("CR-13 a local close() releases this channel's blocked read (-1 or ChannelClosedException) and fails its blocked write, promptly")
  void localCloseReleasesBlockedCalls() throws Exception {
    Options options =
        has(Capability.CONFIGURABLE_WINDOW) ? Options.of(StandardOptions.WINDOW_SIZE, 16 * 1024) : Options.defaults();
    SessionPair p = pair(options);
    Channel[] ch = openPair(p);
    Future<Integer> read = closeLaterCall(BlockedCalls.start("read", () -> ch[0].read(ByteBuffer.allocate(16))));
    Future<Integer> write = closeLaterCall(BlockedCalls.start("write", () -> ch[0].write(ByteBuffer.allocate(64 << 20))));
    BlockedCalls.awaitBlocked(read, "the read");
    BlockedCalls.awaitBlocked(write, "the write on a full window");
    Future<Void> close = run(ch[0]::close);
    await(close, PROMPT, "close() with a read and a write blocked");
    try {
      assertThat(await(read, PROMPT, "the blocked read after close()")).isEqualTo(-1);
    } catch (ChannelClosedException fine) {
      // the other allowed answer
    }
    Throwable w = awaitFailure(write, PROMPT, "the blocked write after close()");
    assertThat(w).as("what the blocked write threw").isInstanceOf(ChannelClosedException.class);
    Channel[] other = openPair(p);
    OpenAcceptRules.exchange(other[0], other[1]);
  }

  @Test
  @DisplayName("CR-14 close() right after writes delivers every byte written before it, then the end")
  void closeDeliversWrittenBytes() throws Exception {
    SessionPair p = pair();
    SeededBytes data = new SeededBytes(92);
    for (int size : new int[] {1, 1000, 200_000}) {
      Channel[] ch = openPair(p);
      Future<Long> reader = async(() -> readUntilEnd(ch[1], data));
      writeAll(ch[0], data.bytes(0, size));
      ch[0].close();
      assertThat(await(reader, LONG, "reading what was written before close()"))
          .as("bytes that arrived of %s written before close()", size)
          .isEqualTo(size);
      ch[1].close();
    }
  }

  /** Reads until -1, checking bytes from stream offset {@code from}; returns the offset reached. */
  static long readToEofFrom(Channel ch, SeededBytes data, long from) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    long at = from;
    while (true) {
      buf.clear();
      int n = ch.read(buf);
      if (n < 0) {
        return at;
      }
      data.verify(buf.array(), 0, n, at);
      at += n;
    }
  }

  /** Reads until -1 or ChannelClosedException, checking bytes; returns the count. */
  static long readUntilEnd(Channel ch, SeededBytes data) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    long total = 0;
    while (true) {
      buf.clear();
      int n;
      try {
        n = ch.read(buf);
      } catch (ChannelClosedException end) {
        return total;
      }
      if (n < 0) {
        return total;
      }
      data.verify(buf.array(), 0, n, total);
      total += n;
    }
  }
}
