package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Server}'s lifecycle over real TCP sessions: start, shutdown, shutdownNow, termination. */
@Timeout(60)
class ServerLifecycleTest {
  private static final URI ANY_PORT = URI.create("qmux+tcp://127.0.0.1:0");
  private static final Duration LONG = Duration.ofSeconds(20);

  @Test
  void callsInFlightFinishAfterShutdownAndNewCallsAreRefused() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RespondMux mux = RespondMux.create()
        .handle("slow", (r, c) -> {
          String s = c.receive(String.class);
          started.countDown();
          release.await();
          r.reply("done " + s);
        })
        .handle("echo", (r, c) -> r.reply(c.receive()));
    SessionListener listener = Transports.listen(ANY_PORT);
    Server server = Server.of(mux).start(listener);
    try (Client client = Client.connect(listener.uri())) {
      assertThat(client.call("echo", "warm", String.class)).isEqualTo("warm");
      CompletableFuture<String> slow = client.callAsync("slow", "x", String.class);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(server.activeCalls()).isEqualTo(1);

      server.shutdown();
      assertThat(server.isShutdown()).isTrue();
      assertThat(server.isTerminated()).as("a call is still running").isFalse();
      assertThatThrownBy(() -> client.call("echo", "late"))
          .isInstanceOf(UnavailableException.class)
          .hasMessageContaining("shutting down");
      assertThatThrownBy(() -> Transports.connect(listener.uri()).close())
          .as("the listener is closed").isInstanceOf(java.io.IOException.class);

      release.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("done x");
      assertThat(server.awaitTermination(LONG)).isTrue();
      assertThat(server.sessions()).isEmpty();
      assertThat(server.activeCalls()).isZero();
      client.session().closeFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void shutdownNowInterruptsHandlersAndClosesSessions() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    RespondMux mux = RespondMux.create().handle("block", (r, c) -> {
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.complete(c.isCancelled());
        throw e;
      }
    });
    SessionListener listener = Transports.listen(ANY_PORT);
    Server server = Server.of(mux).start(listener);
    try (Client client = Client.connect(listener.uri())) {
      CompletableFuture<String> call = client.callAsync("block", null, String.class);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      server.shutdownNow();
      assertThat(interrupted.get(10, TimeUnit.SECONDS)).as("cancelled before the interrupt").isTrue();
      assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CallFailedException.class);
      assertThat(server.awaitTermination(LONG)).isTrue();
      assertThat(client.session().closeFuture().get(10, TimeUnit.SECONDS)).isNull();
    }
  }

  @Test
  void handlerFailuresAreLoggedAndAnsweredGenerically() throws Exception {
    RespondMux mux = RespondMux.create()
        .handle("secret", (r, c) -> {
          throw new IllegalStateException("db password is hunter2");
        })
        .handle("meant", (r, c) -> {
          throw new ReplyException("no such user: bob");
        });
    try (LogCapture log = new LogCapture(); MemPair p = MemPair.open()) {
      Server.of(mux).start(p.server());
      Client client = Client.of(p.client());
      assertThatThrownBy(() -> client.call("secret", null))
          .isInstanceOf(RemoteException.class)
          .hasMessage("remote: " + ReplyException.GENERIC);
      assertThatThrownBy(() -> client.call("meant", null))
          .isInstanceOf(RemoteException.class)
          .hasMessage("remote: no such user: bob");
      assertThat(log.records)
          .filteredOn(r -> r.getLevel() == Level.WARNING)
          .singleElement()
          .satisfies(r -> {
            assertThat(r.getMessage()).contains("/secret");
            assertThat(r.getThrown()).hasMessage("db password is hunter2");
          });
    }
    try (MemPair p = MemPair.open()) {
      Server.builder(mux).exposeExceptionMessages(true).build().start(p.server());
      assertThatThrownBy(() -> Client.of(p.client()).call("secret", null))
          .hasMessage("remote: db password is hunter2");
    }
  }

  @Test
  void aChannelAbandonedBeforeItIsAcceptedDoesNotStopServing() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RespondMux mux = RespondMux.create()
        .handle("hold", (r, c) -> {
          started.countDown();
          release.await();
          r.reply("held");
        })
        .handle("echo", (r, c) -> r.reply(c.receive()));
    try (MemPair p = MemPair.open()) {
      // one call at a time: while "hold" runs, the server accepts no channel
      Server server = Server.builder(mux).maxConcurrentCalls(1).build();
      server.start(p.server());
      Client client = Client.of(p.client());
      CompletableFuture<String> held = client.callAsync("hold", null, String.class);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 5; i++) {
        Channel abandoned = p.client().open();
        abandoned.close();
      }
      release.countDown();
      assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("held");
      for (int i = 0; i < 3; i++) {
        assertThat(client.call("echo", "still " + i, String.class)).isEqualTo("still " + i);
      }
    }
  }

  @Test
  void aClientFromConnectOwnsItsSession() throws Exception {
    try (SessionListener listener = Transports.listen(ANY_PORT)) {
      Server server = Server.of(RespondMux.create().handle("echo", (r, c) -> r.reply(c.receive())));
      Thread acceptor = Thread.ofVirtual().start(() -> {
        try {
          server.serve(listener);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      Client client = Client.connect(URI.create(listener.uri() + "?openTimeout=5s"));
      assertThat(client.ownsSession()).isTrue();
      assertThat(client.call("echo", 1, Integer.class)).isEqualTo(1);
      Session session = client.session();
      client.close();
      assertThat(session.isOpen()).isFalse();
      assertThatThrownBy(() -> client.call("echo", 2))
          .isInstanceOf(CallFailedException.class)
          .hasCauseInstanceOf(SessionClosedException.class);
      assertThat(Client.of(session).ownsSession()).isFalse();
      server.shutdown();
      acceptor.join(Duration.ofSeconds(10));
      assertThat(acceptor.isAlive()).as("serve returns once the server shuts down").isFalse();
      assertThat(server.awaitTermination(LONG)).isTrue();
    }
  }
}
