package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JFR events, read back with a {@link RecordingStream} while real sessions and calls run. */
@Timeout(60)
class JfrEventsTest {
  private static final List<String> NAMES = List.of(
      "dev.qtalk.SessionOpened", "dev.qtalk.SessionClosed", "dev.qtalk.ProtocolError", "dev.qtalk.rpc.Call");

  private final List<RecordedEvent> events = new CopyOnWriteArrayList<>();

  private void await(String what, Predicate<RecordedEvent> p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (events.stream().noneMatch(p)) {
      assertThat(System.nanoTime()).as("no %s event in %s", what, events).isLessThan(deadline);
      Thread.sleep(20); // JFR hands events over in periodic flushes
    }
  }

  private static Predicate<RecordedEvent> call(String side, String selector, String outcome) {
    return e -> e.getEventType().getName().equals("dev.qtalk.rpc.Call") && e.getString("side").equals(side)
        && e.getString("selector").equals(selector) && e.getString("outcome").equals(outcome);
  }

  @Test
  void sessionsCallsAndProtocolErrorsAreRecorded() throws Exception {
    try (RecordingStream rs = new RecordingStream()) {
      for (String n : NAMES) {
        rs.enable(n);
        rs.onEvent(n, events::add);
      }
      rs.setMaxAge(Duration.ofMinutes(1));
      rs.startAsync();

      RespondMux mux = RespondMux.create()
          .handle("echo", (r, c) -> r.reply(c.receive()))
          .handle("fail", (r, c) -> r.error("no"));
      SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"));
      Server server = Server.of(mux).start(listener);
      try (Client client = Client.connect(listener.uri())) {
        client.call("echo", "hi");
        try {
          client.call("fail", null);
        } catch (RemoteException expected) {
          // recorded as ERROR
        }
      }
      await("client call", call("client", "echo", "OK"));
      await("server call", call("server", "/echo", "OK"));
      await("client error", call("client", "fail", "ERROR"));
      await("server error", call("server", "/fail", "ERROR"));
      await("client session", e -> e.getEventType().getName().equals("dev.qtalk.SessionOpened")
          && e.getString("side").equals("client") && e.getString("scheme").equals("qmux+tcp"));
      await("server session", e -> e.getEventType().getName().equals("dev.qtalk.SessionOpened")
          && e.getString("side").equals("server"));
      await("orderly close", e -> e.getEventType().getName().equals("dev.qtalk.SessionClosed")
          && e.getString("side").equals("client") && e.getString("cause").isEmpty());
      server.shutdown();
      assertThat(server.awaitTermination(Duration.ofSeconds(20))).isTrue();

      // a peer that breaks the protocol, at a server
      SessionListener raw = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"));
      Server strict = Server.of(mux).start(raw);
      try (Socket bad = new Socket("127.0.0.1", raw.uri().getPort())) {
        OutputStream out = bad.getOutputStream();
        out.write(new byte[] {(byte) 255, 0, 0, 0, 0});
        out.flush();
        await("protocol error", e -> e.getEventType().getName().equals("dev.qtalk.ProtocolError")
            && e.getString("scheme").equals("qmux+tcp"));
      } finally {
        strict.shutdownNow();
      }
      await("failed close", e -> e.getEventType().getName().equals("dev.qtalk.SessionClosed")
          && e.getString("side").equals("server") && !e.getString("cause").isEmpty());
    }
  }
}
