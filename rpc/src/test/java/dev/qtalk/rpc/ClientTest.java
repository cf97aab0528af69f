package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client behaviour beyond the TCK's rules. */
@Timeout(30)
class ClientTest {

  @Test
  void interruptingABlockedCallEndsItAndClosesItsChannel() throws Exception {
    try (MemPair p = MemPair.open()) {
      CountDownLatch started = new CountDownLatch(1);
      CompletableFuture<Boolean> handlerSawEnd = new CompletableFuture<>();
      Server.of(
              RespondMux.create()
                  .handle("echo", (r, c) -> r.reply(c.receive()))
                  .handle(
                      "hang",
                      (r, c) -> {
                        c.receive();
                        started.countDown();
                        handlerSawEnd.complete(c.next().isEmpty());
                      }))
          .start(p.server());
      Client client = Client.of(p.client());
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread caller =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      client.call("hang", null);
                    } catch (Throwable t) {
                      thrown.set(t);
                    }
                  });
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      caller.interrupt();
      caller.join(10_000);
      assertThat(caller.isAlive()).isFalse();
      assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
      assertThat(handlerSawEnd.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(client.call("echo", "after", String.class)).isEqualTo("after");
    }
  }

  @Test
  void cancellingATypedAsyncCallCancelsTheCall() throws Exception {
    try (MemPair p = MemPair.open()) {
      CountDownLatch started = new CountDownLatch(1);
      CompletableFuture<Boolean> handlerSawEnd = new CompletableFuture<>();
      Server.of(
              RespondMux.create()
                  .handle(
                      "hang",
                      (r, c) -> {
                        c.receive();
                        started.countDown();
                        handlerSawEnd.complete(c.next().isEmpty());
                      }))
          .start(p.server());
      CompletableFuture<String> call =
          Client.builder(p.client()).timeout(java.time.Duration.ofMinutes(1)).build().callAsync("hang", null, String.class);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(call.cancel(true)).isTrue();
      assertThat(handlerSawEnd.get(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aCallOnAClosedSessionFailsAtOnce() throws Exception {
    try (MemPair p = MemPair.open()) {
      p.client().close();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Client.of(p.client()).call("x", null))
          .isInstanceOf(CallFailedException.class)
          .hasCauseInstanceOf(dev.qtalk.SessionClosedException.class);
    }
  }
}
