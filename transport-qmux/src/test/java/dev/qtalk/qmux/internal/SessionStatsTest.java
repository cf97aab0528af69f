package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.OpenRefusedException;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.SessionStats;
import dev.qtalk.Transports;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A qmux session's public counters: bytes both ways, channels opened, accepted and refused. */
@Timeout(60)
class SessionStatsTest {
  @Test
  void countersFollowTheTraffic() throws Exception {
    try (SessionListener l = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0?acceptBacklog=1"));
        Session client = Transports.connect(l.uri());
        Session server = l.accept()) {
      Channel out = client.open(Duration.ofSeconds(10));
      Channel in = server.accept(Duration.ofSeconds(10));
      byte[] data = new byte[64 * 1024];
      out.write(ByteBuffer.wrap(data));
      ByteBuffer got = ByteBuffer.allocate(data.length);
      while (got.hasRemaining()) {
        assertThat(in.read(got)).isPositive();
      }
      // the backlog holds one unaccepted channel; the next open is refused
      client.open(Duration.ofSeconds(10));
      assertThatThrownBy(() -> client.open(Duration.ofSeconds(10))).isInstanceOf(OpenRefusedException.class);

      SessionStats c = client.stats().orElseThrow();
      SessionStats s = server.stats().orElseThrow();
      assertThat(c.bytesSent()).isGreaterThanOrEqualTo(data.length);
      assertThat(s.bytesReceived()).isGreaterThanOrEqualTo(data.length);
      assertThat(c.channelsOpened()).isEqualTo(2);
      assertThat(s.channelsAccepted()).isEqualTo(1);
      assertThat(s.channelsRefused()).isEqualTo(1);
    }
  }
}
