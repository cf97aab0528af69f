package dev.qtalk.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.OpenRefusedException;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionStats;
import dev.qtalk.StandardOptions;
import dev.qtalk.ssh.SshPairs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/** An ssh session's public counters, and its channels' JFR events. */
@Timeout(60)
class SshSessionStatsTest {
  @TempDir Path dir;

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

  private static long drain(Channel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    long total = 0;
    for (int n; (n = ch.read(buf.clear())) >= 0; ) {
      total += n;
    }
    return total;
  }

  /**
   * Opens a channel from {@code client}, sends {@code up} bytes and half-closes; the server's end
   * reads them all, answers {@code down} bytes and half-closes; returns [client end, server end].
   */
  private static Channel[] exchange(Session client, Session server, int up, int down) throws IOException {
    Channel out = client.open(Duration.ofSeconds(10));
    Channel in = server.accept(Duration.ofSeconds(10));
    out.write(ByteBuffer.wrap(new byte[up]));
    out.closeWrite();
    assertThat(drain(in)).isEqualTo(up);
    in.write(ByteBuffer.wrap(new byte[down]));
    in.closeWrite();
    assertThat(drain(out)).isEqualTo(down);
    return new Channel[] {out, in};
  }

  @Test
  void countersFollowTheTraffic() throws Exception {
    Session[] pair = SshPairs.connect("ssh", dir, Options.builder().set(StandardOptions.ACCEPT_BACKLOG, 1).build());
    try {
      Session client = pair[0];
      Session server = pair[1];
      exchange(client, server, 80_000, 900);

      SessionStats c = client.stats().orElseThrow();
      SessionStats s = server.stats().orElseThrow();
      await("the client's sent count", () -> c.bytesSent() == 80_000);
      await("the server's sent count", () -> s.bytesSent() == 900);
      assertThat(s.bytesReceived()).isEqualTo(80_000);
      assertThat(c.bytesReceived()).isEqualTo(900);
      assertThat(c.channelsOpened()).isEqualTo(1);
      assertThat(s.channelsAccepted()).isEqualTo(1);

      // the backlog holds one unaccepted channel; the next open is refused
      client.open(Duration.ofSeconds(10));
      assertThatThrownBy(() -> client.open(Duration.ofSeconds(10))).isInstanceOf(OpenRefusedException.class);
      assertThat(s.channelsRefused()).isEqualTo(1);
      assertThat(c.channelsOpened()).isEqualTo(2);
    } finally {
      pair[0].close();
      pair[1].close();
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
      Session[] pair = SshPairs.connect("ssh", dir, Options.defaults());
      try {
        Channel[] ends = exchange(pair[0], pair[1], 40_000, 55);
        Channel out = ends[0];
        Channel in = ends[1];
        out.close();
        in.close();

        String c = ((SshSession) pair[0]).name();
        String s = ((SshSession) pair[1]).name();
        RecordedEvent opened = awaitEvent("client open", e -> e.getEventType().getName().equals("dev.qtalk.ChannelOpened")
            && e.getString("session").equals(c) && e.getLong("channel") == out.id());
        assertThat(opened.getString("direction")).isEqualTo("local");
        RecordedEvent clientClosed = awaitEvent("client close", e -> e.getEventType().getName().equals("dev.qtalk.ChannelClosed")
            && e.getString("session").equals(c) && e.getLong("channel") == out.id());
        assertThat(clientClosed.getLong("bytesOut")).isEqualTo(40_000);
        assertThat(clientClosed.getLong("bytesIn")).isEqualTo(55);
        RecordedEvent serverClosed = awaitEvent("server close", e -> e.getEventType().getName().equals("dev.qtalk.ChannelClosed")
            && e.getString("session").equals(s) && e.getLong("channel") == in.id());
        assertThat(serverClosed.getString("direction")).isEqualTo("remote");
        assertThat(serverClosed.getLong("bytesIn")).isEqualTo(40_000);
        assertThat(serverClosed.getLong("bytesOut")).isEqualTo(55);
        assertThat(serverClosed.getString("cause")).isEmpty();
      } finally {
        pair[0].close();
        pair[1].close();
      }
    }
  }
}
