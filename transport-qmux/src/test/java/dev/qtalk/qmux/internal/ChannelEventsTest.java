package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The channel JFR events of a qmux+tcp session, read back with a {@link RecordingStream}. */
@Timeout(60)
class ChannelEventsTest {
  private final List<RecordedEvent> events = new CopyOnWriteArrayList<>();

  private RecordedEvent await(String what, Predicate<RecordedEvent> p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      var found = events.stream().filter(p).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      assertThat(System.nanoTime()).as("no %s event in %s", what, events).isLessThan(deadline);
      Thread.sleep(20); // JFR hands events over in periodic flushes
    }
  }

  private static Predicate<RecordedEvent> event(String name, String session, long channel) {
    return e -> e.getEventType().getName().equals(name) && e.getString("session").equals(session)
        && e.getLong("channel") == channel;
  }

  @Test
  void openedAndClosedWithTheBytesEachWay() throws Exception {
    try (RecordingStream rs = new RecordingStream()) {
      for (String n : List.of("dev.qtalk.ChannelOpened", "dev.qtalk.ChannelClosed")) {
        rs.enable(n);
        rs.onEvent(n, events::add);
      }
      rs.startAsync();
      try (SessionListener l = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"));
          Session client = Transports.connect(l.uri());
          Session server = l.accept()) {
        Channel out = client.open(Duration.ofSeconds(10));
        Channel in = server.accept(Duration.ofSeconds(10));
        out.write(ByteBuffer.wrap(new byte[100_000]));
        out.closeWrite();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long got = 0;
        for (int n; (n = in.read(buf.clear())) >= 0; ) {
          got += n;
        }
        assertThat(got).isEqualTo(100_000);
        in.write(ByteBuffer.wrap(new byte[321]));
        in.close();
        long back = 0;
        for (int n; (n = out.read(buf.clear())) >= 0; ) {
          back += n;
        }
        assertThat(back).isEqualTo(321);
        out.close();

        String c = ((QmuxSession) client).name();
        String s = ((QmuxSession) server).name();
        RecordedEvent opened = await("client open", event("dev.qtalk.ChannelOpened", c, out.id()));
        assertThat(opened.getString("direction")).isEqualTo("local");
        assertThat(await("server open", event("dev.qtalk.ChannelOpened", s, in.id())).getString("direction"))
            .isEqualTo("remote");
        RecordedEvent clientClosed = await("client close", event("dev.qtalk.ChannelClosed", c, out.id()));
        assertThat(clientClosed.getLong("bytesOut")).isEqualTo(100_000);
        assertThat(clientClosed.getLong("bytesIn")).isEqualTo(321);
        assertThat(clientClosed.getString("direction")).isEqualTo("local");
        assertThat(clientClosed.getString("cause")).isEmpty();
        RecordedEvent serverClosed = await("server close", event("dev.qtalk.ChannelClosed", s, in.id()));
        assertThat(serverClosed.getLong("bytesIn")).isEqualTo(100_000);
        assertThat(serverClosed.getLong("bytesOut")).isEqualTo(321);
        assertThat(serverClosed.getString("direction")).isEqualTo("remote");
      }
    }
  }

  @Test
  void aChannelOpenWhenItsSessionFailsIsClosedWithTheCause() throws Exception {
    try (RecordingStream rs = new RecordingStream()) {
      rs.enable("dev.qtalk.ChannelClosed");
      rs.onEvent("dev.qtalk.ChannelClosed", events::add);
      rs.startAsync();
      try (SessionListener l = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"));
          Session client = Transports.connect(l.uri());
          Session server = l.accept()) {
        client.open(Duration.ofSeconds(10));
        Channel in = server.accept(Duration.ofSeconds(10));
        ((QmuxSession) server).end(new java.io.IOException("broken for the test"), "test");
        RecordedEvent closed =
            await("server close", event("dev.qtalk.ChannelClosed", ((QmuxSession) server).name(), in.id()));
        assertThat(closed.getString("cause")).contains("broken for the test");
      }
    }
  }
}
