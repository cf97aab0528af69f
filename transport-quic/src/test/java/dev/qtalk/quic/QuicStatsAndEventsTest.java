package dev.qtalk.quic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.SessionStats;
import dev.qtalk.StandardOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A quic session's public counters, and its channels' JFR events. */
@Timeout(60)
class QuicStatsAndEventsTest {
  private final List<RecordedEvent> events = new CopyOnWriteArrayList<>();

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private RecordedEvent awaitEvent(String what, Predicate<RecordedEvent> p) throws InterruptedException {
    await(what + " in " + events, () -> events.stream().anyMatch(p));
    return events.stream().filter(p).findFirst().orElseThrow();
  }

  @Test
  void countersFollowTheTraffic() throws Exception {
    Options backlogOfOne = Options.builder().set(StandardOptions.ACCEPT_BACKLOG, 1).build();
    try (QuicTestSupport.Pair p = QuicTestSupport.pair(backlogOfOne)) {
      Channel out = p.client().open(Duration.ofSeconds(10));
      out.write(ByteBuffer.wrap(new byte[50_000]));
      Channel in = p.server().accept(Duration.ofSeconds(10));
      assertThat(QuicTestSupport.readN(in, 50_000)).hasSize(50_000);
      in.write(ByteBuffer.wrap(new byte[700]));
      assertThat(QuicTestSupport.readN(out, 700)).hasSize(700);

      SessionStats c = p.client().stats().orElseThrow();
      SessionStats s = p.server().stats().orElseThrow();
      await("the client's sent count", () -> c.bytesSent() == 50_000);
      await("the server's sent count", () -> s.bytesSent() == 700);
      assertThat(s.bytesReceived()).isEqualTo(50_000);
      assertThat(c.bytesReceived()).isEqualTo(700);
      assertThat(c.channelsOpened()).isEqualTo(1);
      assertThat(s.channelsAccepted()).isEqualTo(1);

      // the backlog holds one unaccepted stream; the next one the peer opens is refused
      p.client().open(Duration.ofSeconds(10)).write(ByteBuffer.wrap(new byte[1]));
      p.client().open(Duration.ofSeconds(10)).write(ByteBuffer.wrap(new byte[1]));
      await("a refused stream", () -> s.channelsRefused() == 1);
      assertThat(c.channelsOpened()).isEqualTo(3);

      // bytes for a channel closed here (but not yet released) are dropped and counted
      in.closeWrite();
      assertThat(out.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      in.close();
      out.write(ByteBuffer.wrap(new byte[100]));
      await("a dropped message", () -> s.droppedMessages() >= 1);
    }
  }

  @Test
  void channelEventsCarryTheBytesEachWay() throws Exception {
    try (RecordingStream rs = new RecordingStream()) {
      for (String n : List.of("dev.qtalk.ChannelOpened", "dev.qtalk.ChannelClosed")) {
        rs.enable(n);
        rs.onEvent(n, events::add);
      }
      rs.startAsync();
      try (QuicTestSupport.Pair p = QuicTestSupport.pair(Options.defaults())) {
        Channel out = p.client().open(Duration.ofSeconds(10));
        out.write(ByteBuffer.wrap(new byte[30_000]));
        out.closeWrite();
        Channel in = p.server().accept(Duration.ofSeconds(10));
        assertThat(QuicTestSupport.drain(in, 8192)[0]).isEqualTo(30_000);
        in.write(ByteBuffer.wrap(new byte[123]));
        in.close();
        assertThat(QuicTestSupport.drain(out, 8192)[0]).isEqualTo(123);
        out.close();

        String c = p.client().toString();
        String s = p.server().toString();
        Predicate<RecordedEvent> clientOpened = e -> e.getEventType().getName().equals("dev.qtalk.ChannelOpened")
            && e.getString("session").equals(c) && e.getLong("channel") == out.id();
        assertThat(awaitEvent("client open", clientOpened).getString("direction")).isEqualTo("local");
        RecordedEvent clientClosed = awaitEvent("client close", e -> e.getEventType().getName().equals("dev.qtalk.ChannelClosed")
            && e.getString("session").equals(c) && e.getLong("channel") == out.id());
        assertThat(clientClosed.getLong("bytesOut")).isEqualTo(30_000);
        assertThat(clientClosed.getLong("bytesIn")).isEqualTo(123);
        RecordedEvent serverClosed = awaitEvent("server close", e -> e.getEventType().getName().equals("dev.qtalk.ChannelClosed")
            && e.getString("session").equals(s) && e.getLong("channel") == in.id());
        assertThat(serverClosed.getString("direction")).isEqualTo("remote");
        assertThat(serverClosed.getLong("bytesIn")).isEqualTo(30_000);
        assertThat(serverClosed.getLong("bytesOut")).isEqualTo(123);
        assertThat(serverClosed.getString("cause")).isEmpty();
      }
    }
  }
}
