package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import dev.qtalk.ChannelResetException;
import dev.qtalk.Options;
import dev.qtalk.QtalkException;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.StandardOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Rules CR-*: closing channels and sessions, orderly or abrupt, releases everyone promptly. */
abstract class CloseRules extends RuleSuite {

  CloseRules(TransportTck kit) {
    super(kit);
  }

  /** The channel's end as its peer sees it on read: -1 or a ChannelClosedException. */
  static void assertEndsOnRead(Future<Integer> read) throws Exception {
    try {
      assertThat(await(read, PROMPT, "the peer's read after close")).isEqualTo(-1);
    } catch (ChannelClosedException expected) {
      // also fine: the channel is gone
    }
  }

  /** Writes small buffers until one fails; returns the failure. */
  static IOException writeUntilFails(Channel ch) {
    try {
      for (int i = 0; i < 1_000_000; i++) {
        ch.write(ByteBuffer.allocate(64));
        Thread.sleep(1);
      }
      return null;
    } catch (IOException e) {
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Test
  @DisplayName("CR-1 closing a channel ends it for the peer: reads see the end, writes fail with ChannelClosedException")
  void closeEndsChannelForPeer() throws Exception {
    Channel[] ch = openPair(pair());
    ch[0].close();
    assertEndsOnRead(async(() -> ch[1].read(ByteBuffer.allocate(8))));
    IOException e = await(async(() -> writeUntilFails(ch[1])), PROMPT, "the peer's writes after close");
    assertThat(e).as("a write to a channel the peer closed").isInstanceOf(ChannelClosedException.class);
  }

  @Test
  @DisplayName("CR-2 closing a channel twice and a session twice is harmless")
  void doubleClose() throws Exception {
    SessionPair p = pair();
    Channel[] ch = openPair(p);
    ch[0].close();
    ch[0].close();
    ch[1].close();
    ch[1].close();
    assertThat(ch[0].isOpen()).isFalse();
    p.client().close();
    p.client().close();
    assertThat(p.client().isOpen()).isFalse();
  }

  @Test
  @DisplayName("CR-3 after our own close: read and write throw ChannelClosedException, closeWrite and abort do not hang")
  void operationsAfterClose() throws Exception {
    Channel[] ch = openPair(pair());
    ch[0].close();
    assertThat(ch[0].isOpen()).isFalse();
    Throwable r = awaitFailure(async(() -> ch[0].read(ByteBuffer.allocate(1))), PROMPT, "read after close");
    assertThat(r).isInstanceOf(ChannelClosedException.class);
    Throwable w = awaitFailure(async(() -> ch[0].write(ByteBuffer.allocate(1))), PROMPT, "write after close");
    assertThat(w).isInstanceOf(ChannelClosedException.class);
    Future<Void> cw = run(ch[0]::closeWrite);
    try {
      await(cw, PROMPT, "closeWrite after close");
    } catch (ChannelClosedException acceptable) {
      // a typed error is allowed; a hang or an untyped one is not
    }
    await(run(ch[0]::abort), PROMPT, "abort after close");
  }

  /** Blocks a read, a write and an accept on each side, ends {@code closer}, checks all are released. */
  final void abruptClose(boolean clientCloses) throws Exception {
    Options options =
        has(Capability.CONFIGURABLE_WINDOW) ? Options.of(StandardOptions.WINDOW_SIZE, 16 * 1024) : Options.defaults();
    SessionPair p = pair(options);
    Channel[] readers = openPair(p);
    Channel[] writers = openPair(p);
    List<Future<?>> blocked = new ArrayList<>();
    List<String> what = new ArrayList<>();
    for (int side = 0; side < 2; side++) {
      Session s = side == 0 ? p.client() : p.server();
      String name = side == 0 ? "client " : "server ";
      Channel r = readers[side];
      Channel w = writers[side];
      blocked.add(async(() -> r.read(ByteBuffer.allocate(16))));
      what.add(name + "read");
      blocked.add(async(() -> w.write(ByteBuffer.allocate(16 << 20))));
      what.add(name + "write (window full)");
      blocked.add(async(s::accept));
      what.add(name + "accept");
    }
    Thread.sleep(300);
    for (int i = 0; i < blocked.size(); i++) {
      assertThat(blocked.get(i)).as("%s should be blocked before the close", what.get(i)).isNotDone();
    }
    (clientCloses ? p.client() : p.server()).close();
    for (int i = 0; i < blocked.size(); i++) {
      Throwable t = awaitFailure(blocked.get(i), PROMPT, what.get(i) + " after the session closed");
      assertThat(t).as("what %s threw", what.get(i)).isInstanceOf(QtalkException.class);
    }
  }

  @Test
  @DisplayName("CR-4 the client closing its session releases every blocked read, write and accept on both sides promptly, with typed errors")
  void abruptCloseByClient() throws Exception {
    abruptClose(true);
  }

  @Test
  @DisplayName("CR-5 the server closing its session releases every blocked read, write and accept on both sides promptly, with typed errors")
  void abruptCloseByServer() throws Exception {
    abruptClose(false);
  }

  @Test
  @DisplayName("CR-6 after a session closes: open and accept throw SessionClosedException, channels throw typed errors, closeFuture completes")
  void operationsAfterSessionClose() throws Exception {
    SessionPair p = pair();
    Channel[] ch = openPair(p);
    p.client().close();
    assertThat(p.client().isOpen()).isFalse();
    assertThatThrownBy(() -> p.client().open(PROMPT)).isInstanceOf(SessionClosedException.class);
    assertThat(awaitFailure(async(p.client()::accept), PROMPT, "accept after close"))
        .isInstanceOf(SessionClosedException.class);
    assertThat(awaitFailure(async(() -> ch[0].read(ByteBuffer.allocate(1))), PROMPT, "read after session close"))
        .isInstanceOf(QtalkException.class);
    assertThat(awaitFailure(async(() -> ch[0].write(ByteBuffer.allocate(1))), PROMPT, "write after session close"))
        .isInstanceOf(QtalkException.class);
    await(p.client().closeFuture(), PROMPT, "closeFuture of the closed session");
  }

  @Test
  @DisplayName("CR-7 closing a session closes the connection: the peer session ends promptly and says so")
  void closeEndsPeer() throws Exception {
    SessionPair p = pair();
    openPair(p);
    p.client().close();
    await(p.server().closeFuture(), PROMPT, "the peer's closeFuture");
    assertThat(p.server().isOpen()).isFalse();
    assertThatThrownBy(() -> p.server().open(PROMPT)).isInstanceOf(SessionClosedException.class);
  }

  @Test
  @DisplayName("CR-8 closing one channel leaves the others on the session working")
  void closeIsPerChannel() throws Exception {
    SessionPair p = pair();
    Channel[] a = openPair(p);
    Channel[] b = openPair(p);
    Channel[] c = openPair(p);
    b[0].close();
    assertEndsOnRead(async(() -> b[1].read(ByteBuffer.allocate(1))));
    OpenAcceptRules.exchange(a[0], a[1]);
    OpenAcceptRules.exchange(c[1], c[0]);
  }

  @Test
  @Tag("optional")
  @DisplayName("CR-9 abort resets: the peer's read throws ChannelResetException")
  void abortResets() throws Exception {
    requires(Capability.RESET);
    Channel[] ch = openPair(pair());
    writeAll(ch[0], new byte[] {1, 2, 3});
    ch[0].abort();
    Throwable t = awaitFailure(async(() -> readN(ch[1], 1 << 20)), PROMPT, "the peer's read after abort");
    assertThat(t).isInstanceOf(ChannelResetException.class);
  }

  @Test
  @DisplayName("CR-10 abort never throws, ends the channel for the peer promptly, and leaves the session usable")
  void abortEndsChannel() throws Exception {
    SessionPair p = pair();
    Channel[] ch = openPair(p);
    ch[0].abort();
    ch[0].abort();
    try {
      int n = await(async(() -> ch[1].read(ByteBuffer.allocate(8))), PROMPT, "the peer's read after abort");
      assertThat(n).isEqualTo(-1);
    } catch (ChannelClosedException expected) {
      // a reset, or a closed channel
    }
    Channel[] next = openPair(p);
    OpenAcceptRules.exchange(next[0], next[1]);
  }

  @Test
  @DisplayName("CR-11 a peer that closes with unread data releases our blocked write and stalls nothing else")
  void closeWithUnreadData() throws Exception {
    SessionPair p = pair();
    Channel[] ch = openPair(p);
    Future<Integer> w = async(() -> ch[0].write(ByteBuffer.allocate(32 << 20)));
    Thread.sleep(200);
    ch[1].close();
    try {
      await(w, PROMPT, "a write blocked on a peer that closed");
      fail("a 32 MiB write completed although the peer closed after reading nothing");
    } catch (ChannelClosedException expected) {
      // the typed error
    }
    Channel[] next = openPair(p);
    OpenAcceptRules.exchange(next[0], next[1]);
  }
}
