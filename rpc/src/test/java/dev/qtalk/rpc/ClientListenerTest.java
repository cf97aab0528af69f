package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An {@link RpcListener} on the client side: the client's session and the calls it makes. */
@Timeout(60)
class ClientListenerTest {
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final RpcListener recorder = new RpcListener() {
    @Override
    public void sessionStarted(Session session) {
      heard.add("started " + session.isOpen());
    }

    @Override
    public void sessionEnded(Session session) {
      heard.add("ended " + session.isOpen());
    }

    @Override
    public void callStarted(Session session, String selector) {
      heard.add("call " + selector);
    }

    @Override
    public void callEnded(Session session, String selector, CallOutcome outcome, Duration duration) {
      assertThat(duration).isPositive();
      heard.add("done " + selector + " " + outcome);
    }
  };

  private SessionListener listener;
  private Server server;

  @BeforeEach
  void serve() throws Exception {
    listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"));
    server = Server.of(RespondMux.create()
        .handle("echo", (r, c) -> r.reply(c.receive()))
        .handle("fail", (r, c) -> r.error("no"))).start(listener);
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdownNow();
    assertThat(server.awaitTermination(Duration.ofSeconds(20))).isTrue();
  }

  private void awaitHeard(String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!heard.contains(what)) {
      assertThat(System.nanoTime()).as("%s never heard in %s", what, heard).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void aClientThatOwnsItsSessionReportsTheSessionAndItsCalls() throws Exception {
    try (Client client = Client.connect(listener.uri(), Options.defaults(), recorder)) {
      assertThat(heard).containsExactly("started true");
      assertThat(client.call("echo", "hi", String.class)).isEqualTo("hi");
      assertThatThrownBy(() -> client.withTimeout(Duration.ofSeconds(10)).call("fail", null))
          .isInstanceOf(RemoteException.class);
      assertThat(heard).containsExactly("started true", "call echo", "done echo OK", "call fail", "done fail ERROR");
    }
    awaitHeard("ended false");
    assertThat(heard).hasSize(6);
  }

  @Test
  void aClientOverAnotherOwnersSessionReportsOnlyItsCalls() throws Exception {
    try (Session session = Transports.connect(listener.uri())) {
      Client client = Client.builder(session).listener(recorder).build();
      client.call("echo", 1);
      session.close();
      assertThatThrownBy(() -> client.call("echo", 2)).isInstanceOf(RpcException.class);
      assertThat(heard).containsExactly("call echo", "done echo OK", "call echo", "done echo FAILED");
    }
  }

  @Test
  void aListenerThatThrowsDoesNotFailTheCall() throws Exception {
    RpcListener broken = new RpcListener() {
      @Override
      public void callStarted(Session session, String selector) {
        throw new IllegalStateException("broken listener");
      }
    };
    try (Client client = Client.connect(listener.uri(), Options.defaults(), broken)) {
      assertThat(client.call("echo", "still", String.class)).isEqualTo("still");
    }
  }
}
