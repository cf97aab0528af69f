package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Listeners hold a bounded number of sessions and give a handshake a total deadline. */
@Timeout(60)
class ListenerLimitsTest {

  @Test
  void connectionsBeyondMaxSessionsAreClosedAtOnce() throws Exception {
    Options two = Options.of(StandardOptions.MAX_SESSIONS, 2);
    try (SessionListener listener = new TcpTransportProvider().listen(URI.create("qmux+tcp://127.0.0.1:0"), two)) {
      Session c1 = Transports.connect(listener.uri(), Options.defaults());
      Session s1 = listener.accept();
      Session c2 = Transports.connect(listener.uri(), Options.defaults());
      Session s2 = listener.accept();
      CompletableFuture<Session> third = CompletableFuture.supplyAsync(() -> {
        try {
          return listener.accept();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, r -> Thread.ofVirtual().start(r));
      Session c3 = Transports.connect(listener.uri(), Options.defaults());
      c3.closeFuture().get(10, TimeUnit.SECONDS); // the listener closed it at once
      assertThat(third).isNotDone();
      assertThat(c1.isOpen() && c2.isOpen() && s1.isOpen() && s2.isOpen()).isTrue();

      s1.close(); // room for one more
      s1.closeFuture().get(10, TimeUnit.SECONDS);
      Session c4 = Transports.connect(listener.uri(), Options.defaults());
      Session s4 = third.get(10, TimeUnit.SECONDS);
      assertThat(s4.isOpen()).isTrue();
      for (Session s : new Session[] {c1, c2, s2, c4, s4}) {
        s.close();
      }
    }
  }

  @Test
  void aTlsClientTricklingItsHandshakeIsCutOffAtTheDeadline() throws Exception {
    Options server =
        TestCerts.server(TestCerts.loopback()).toBuilder()
            .set(StandardOptions.HANDSHAKE_TIMEOUT, Duration.ofMillis(800))
            .build();
    try (SessionListener listener = Transports.listen(URI.create("qmux+tls://127.0.0.1:0"), server);
        Socket slow = new Socket(InetAddress.getLoopbackAddress(), listener.uri().getPort())) {
      // the start of a TLS record, one byte at a time: each byte would reset a per-read timeout
      byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
      long start = System.nanoTime();
      CompletableFuture<Integer> closed = CompletableFuture.supplyAsync(() -> {
        try {
          slow.getInputStream().readAllBytes(); // at most the alert a closing TLS socket sends
          return -1;
        } catch (Exception e) {
          return -1; // a reset ends it too
        }
      }, r -> Thread.ofVirtual().start(r));
      OutputStream out = slow.getOutputStream();
      try {
        for (int i = 0; !closed.isDone() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20); i++) {
          out.write(hello[i % hello.length]);
          out.flush();
          Thread.sleep(100);
        }
      } catch (SocketException e) {
        // the server closed the connection under us
      }
      assertThat(closed.get(20, TimeUnit.SECONDS)).isEqualTo(-1);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).as("cut off near the 800 ms deadline, not after the trickle").isLessThan(Duration.ofSeconds(10));
    }
  }
}
