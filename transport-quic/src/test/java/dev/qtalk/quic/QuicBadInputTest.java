package dev.qtalk.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Garbage on the UDP port and peers that never answer end in clear errors, nothing else. */
@Timeout(60)
class QuicBadInputTest {

  @Test
  void garbageDatagramsDoNotDisturbTheListener() throws Exception {
    try (SessionListener l = Transports.listen(URI.create("quic://127.0.0.1:0"), QuicTestSupport.CERT.serverOptions());
        DatagramSocket junk = new DatagramSocket()) {
      InetSocketAddress target = (InetSocketAddress) l.localAddress();
      Random r = new Random(1);
      for (int i = 0; i < 200; i++) {
        byte[] b = new byte[1 + r.nextInt(1400)];
        r.nextBytes(b);
        if (i % 4 == 0) {
          b[0] = (byte) 0xc0; // a long header, so the codec parses further
        }
        junk.send(new DatagramPacket(b, b.length, target));
      }
      try (Session c = Transports.connect(l.uri(), QuicTestSupport.CERT.clientOptions()); Session s = l.accept()) {
        Channel out = c.open();
        out.write(ByteBuffer.wrap(new byte[] {3}));
        assertThat(QuicTestSupport.readN(s.accept(Duration.ofSeconds(5)), 1)).containsExactly(3);
      }
    }
  }

  @Test
  void connectingToASilentPortTimesOut() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      Options o = Options.builder().setAll(QuicTestSupport.CERT.clientOptions())
          .set(StandardOptions.CONNECT_TIMEOUT, Duration.ofMillis(500)).build();
      long start = System.nanoTime();
      assertThatThrownBy(() -> Transports.connect(URI.create("quic://127.0.0.1:" + silent.getLocalPort()), o))
          .isInstanceOf(DeadlineExceededException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void badUrisAreRejectedClearly() {
    assertThatThrownBy(() -> Transports.connect(URI.create("quic://127.0.0.1"), Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quic://host:port");
  }
}
