package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Options;
import dev.qtalk.SessionClosedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whatever stops a session's threads ends the session and says why; bad peers cannot flood the log. */
@Timeout(60)
class SessionFailureTest {

  @Test
  void anErrorInTheReaderEndsTheSessionAndSaysWhy() throws Exception {
    Connection[] pipe = MemoryPipe.connectionPair("error", 1024);
    Connection failing = new Connection() {
      @Override
      public InputStream input() {
        return new InputStream() {
          @Override
          public int read() {
            throw new StackOverflowError("simulated");
          }

          @Override
          public int read(byte[] b, int off, int len) {
            throw new StackOverflowError("simulated");
          }
        };
      }

      @Override
      public void write(byte[] message) throws IOException {
        pipe[0].write(message);
      }

      @Override
      public SocketAddress localAddress() {
        return pipe[0].localAddress();
      }

      @Override
      public SocketAddress remoteAddress() {
        return pipe[0].remoteAddress();
      }

      @Override
      public void close() throws IOException {
        pipe[0].close();
      }
    };
    QmuxSession s = QmuxSession.start(failing, Options.defaults());
    s.closeFuture().get(10, TimeUnit.SECONDS);
    assertThat(s.isOpen()).isFalse();
    assertThat(s.closeCause()).get().extracting(Throwable::getMessage).asString().contains("StackOverflowError");
    Blocking accept = Blocking.start(() -> s.accept(Duration.ofSeconds(5)));
    assertThat(accept.get()).isInstanceOf(SessionClosedException.class);
    pipe[1].close();
  }

  @Test
  void protocolErrorsAreCountedAndLoggedAtABoundedRate() throws Exception {
    long errors = ProtocolLog.errors();
    long suppressed = ProtocolLog.suppressed();
    int bad = 3 * ProtocolLog.BURST;
    List<QmuxSession> sessions = new ArrayList<>();
    List<Connection> peers = new ArrayList<>();
    for (int i = 0; i < bad; i++) {
      Connection[] pipe = MemoryPipe.connectionPair("bad-" + i, 1024);
      sessions.add(QmuxSession.start(pipe[0], Options.defaults()));
      peers.add(pipe[1]);
      pipe[1].write(new byte[] {(byte) 0xff}); // no such message type
    }
    for (QmuxSession s : sessions) {
      s.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(s.closeCause()).get().isInstanceOf(dev.qtalk.ProtocolException.class);
    }
    assertThat(ProtocolLog.errors() - errors).isEqualTo(bad);
    assertThat(ProtocolLog.suppressed() - suppressed)
        .as("at most %d lines a minute", ProtocolLog.BURST)
        .isGreaterThanOrEqualTo(bad - ProtocolLog.BURST);
    for (Connection c : peers) {
      c.close();
    }
  }
}
