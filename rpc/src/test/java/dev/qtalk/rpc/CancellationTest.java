package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.rpc.internal.Frames;
import dev.qtalk.rpc.internal.Headers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cancellation and deadlines reach the handler: interrupt, callbacks, the caller's deadline. */
@Timeout(60)
class CancellationTest {

  /** A handler that blocks until interrupted and reports what it saw. */
  private static final class Blocker implements Handler {
    final CountDownLatch started = new CountDownLatch(1);
    final CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    final CompletableFuture<Void> callback = new CompletableFuture<>();

    @Override
    public void respond(Responder r, Call c) throws Exception {
      c.receive();
      c.onCancel(() -> callback.complete(null));
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.complete(c.isCancelled());
        throw e;
      }
    }
  }

  @Test
  void aCancelledCallInterruptsItsHandler() throws Exception {
    Blocker blocker = new Blocker();
    try (MemPair p = MemPair.open()) {
      Server server = Server.of(RespondMux.create().handle("block", blocker));
      server.start(p.server());
      CompletableFuture<String> call = Client.of(p.client()).callAsync("block", "x", String.class);
      assertThat(blocker.started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(call.cancel(true)).isTrue();
      assertThat(blocker.interrupted.get(10, TimeUnit.SECONDS)).isTrue();
      blocker.callback.get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> Client.of(p.client()).call("other", null))
          .as("the session serves on").hasMessage("remote: not found: /other");
    }
  }

  @Test
  void aPassedDeadlineEndsTheCallOnBothSides() throws Exception {
    Blocker blocker = new Blocker();
    try (MemPair p = MemPair.open()) {
      Server.of(RespondMux.create().handle("block", blocker)).start(p.server());
      Client client = Client.of(p.client()).withTimeout(Duration.ofMillis(300));
      assertThatThrownBy(() -> client.call("block", "x")).isInstanceOf(DeadlineExceededException.class);
      assertThat(blocker.interrupted.get(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void theHandlerSeesTheCallersDeadline() throws Exception {
    RespondMux mux = RespondMux.create().handle("left", (r, c) ->
        r.reply(c.timeLeft().map(Duration::toMillis).orElse(-1L), c.deadline().isPresent()));
    try (MemPair p = MemPair.open()) {
      Server.of(mux).start(p.server());
      for (Client client : List.of(Client.of(p.client()),
          Client.builder(p.client()).codec(Codec.cbor()).dialect(Dialect.DUPLEX).build())) {
        Response withDeadline = client.withTimeout(Duration.ofSeconds(30)).invoke("left", null);
        assertThat(withDeadline.values().get(0).asLong()).isBetween(1L, 30_000L);
        assertThat(withDeadline.values().get(1).asBoolean()).isTrue();
        Response without = client.invoke("left", null);
        assertThat(without.values().get(0).asLong()).isEqualTo(-1L);
        assertThat(without.values().get(1).asBoolean()).isFalse();
      }
    }
  }

  @Test
  void aCallerThatHangsUpIsNoticedWithoutTheHandlerReading() throws Exception {
    Blocker blocker = new Blocker();
    try (MemPair p = MemPair.open()) {
      Server.of(RespondMux.create().handle("block", blocker)).start(p.server());
      Channel ch = p.client().open();
      Frames.writeAll(ch, Headers.encodeCall(Codec.json(), Dialect.QTALK, "block"), Codec.json().encode("x"));
      assertThat(blocker.started.await(10, TimeUnit.SECONDS)).isTrue();
      ch.close(); // a raw caller hangs up: no rpc client, no cancel message
      assertThat(blocker.interrupted.get(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aCallerThatHangsUpAfterAValueNobodyReadIsNoticed() throws Exception {
    // the watcher takes the value the handler never reads; it must still see the hang-up after it
    Blocker blocker = new Blocker();
    try (MemPair p = MemPair.open()) {
      Server.of(RespondMux.create().handle("block", blocker)).start(p.server());
      Channel ch = p.client().open();
      Codec json = Codec.json();
      Frames.writeAll(ch, Headers.encodeCall(json, Dialect.QTALK, "block"), json.encode("x"), json.encode("unread"));
      assertThat(blocker.started.await(10, TimeUnit.SECONDS)).isTrue();
      ch.close();
      assertThat(blocker.interrupted.get(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void valuesTheWatcherReadsReachTheHandlerInOrder() throws Exception {
    // A qtalk-go caller may stream several argument values without a continue; the server's watch
    // for a hang-up must hand them on untouched.
    CompletableFuture<List<String>> got = new CompletableFuture<>();
    RespondMux mux = RespondMux.create().handle("many", (r, c) -> {
      String first = c.receive(String.class);
      // Past the watch grace the server usually has a watcher reading here; this test passes with
      // or without it, and CallChannelTest shows the watcher's order without depending on time.
      Thread.sleep(300);
      got.complete(List.of(first, c.receive(String.class), c.receive(String.class)));
      r.reply("ok");
    });
    try (MemPair p = MemPair.open()) {
      Server.of(mux).start(p.server());
      Channel ch = p.client().open();
      Codec json = Codec.json();
      Frames.writeAll(ch, Headers.encodeCall(json, Dialect.QTALK, "many"), json.encode("a"), json.encode("b"));
      Frames.write(ch, json.encode("c".repeat(10_000)));
      assertThat(got.get(10, TimeUnit.SECONDS)).containsExactly("a", "b", "c".repeat(10_000));
      assertThat(Headers.decodeReply(json, Frames.read(ch, 1 << 20)).error()).isNull();
      ch.close();
    }
  }
}
