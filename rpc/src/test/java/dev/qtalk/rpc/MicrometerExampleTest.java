package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Session;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The metrics example of docs/observability.md: an RpcListener feeding Micrometer. */
@Timeout(60)
class MicrometerExampleTest {

  /** Per-selector call timers by outcome, and a gauge of the sessions being served. */
  static RpcListener metrics(MeterRegistry registry) {
    AtomicInteger sessions = registry.gauge("qtalk.rpc.server.sessions", new AtomicInteger());
    return new RpcListener() {
      @Override
      public void sessionStarted(Session session) {
        sessions.incrementAndGet();
      }

      @Override
      public void sessionEnded(Session session) {
        sessions.decrementAndGet();
      }

      @Override
      public void callEnded(Session session, String selector, CallOutcome outcome, Duration duration) {
        Timer.builder("qtalk.rpc.server.calls")
            .tag("selector", selector)
            .tag("outcome", outcome.name())
            .register(registry)
            .record(duration);
      }
    };
  }

  private static long count(MeterRegistry registry, String selector, String outcome, long want)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Timer t = registry.find("qtalk.rpc.server.calls").tag("selector", selector).tag("outcome", outcome).timer();
      long n = t == null ? 0 : t.count();
      if (n >= want || System.nanoTime() > deadline) {
        return n;
      }
      Thread.sleep(10);
    }
  }

  @Test
  void callsAndSessionsShowUpInTheRegistry() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RespondMux mux = RespondMux.create()
        .handle("echo", (r, c) -> r.reply(c.receive()))
        .handle("fail", (r, c) -> {
          throw new IllegalStateException("boom");
        });
    try (MemPair p = MemPair.open()) {
      Server server = Server.builder(mux).listener(metrics(registry)).build();
      server.start(p.server());
      Client client = Client.of(p.client());
      for (int i = 0; i < 3; i++) {
        client.call("echo", i);
      }
      try {
        client.call("fail", null);
      } catch (RemoteException expected) {
        // counted as ERROR
      }
      // callEnded runs just after each reply is sent: wait for the counts
      assertThat(count(registry, "/echo", "OK", 3)).isEqualTo(3);
      assertThat(count(registry, "/fail", "ERROR", 1)).isEqualTo(1);
      assertThat(registry.get("qtalk.rpc.server.sessions").gauge().value()).isEqualTo(1.0);
    }
    System.out.println(registry.getMetersAsString());
  }
}
