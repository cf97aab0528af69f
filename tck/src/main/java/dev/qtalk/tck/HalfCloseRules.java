package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Rules HC-*: closeWrite() ends one direction after every byte written, and only that one. */
@Tag("optional")
abstract class HalfCloseRules extends RuleSuite {

  HalfCloseRules(TransportTck kit) {
    super(kit);
  }

  @BeforeEach
  void needsHalfClose() {
    requires(Capability.HALF_CLOSE);
  }

  static int readEof(Channel ch) throws Exception {
    return ch.read(ByteBuffer.allocate(16));
  }

  @Test
  @DisplayName("HC-1 after closeWrite the peer reads every byte then EOF, and can still write back")
  void halfCloseKeepsOtherDirection() throws Exception {
    Channel[] ch = openPair(pair());
    writeAll(ch[0], "request".getBytes());
    ch[0].closeWrite();
    assertThat(readN(ch[1], 7)).isEqualTo("request".getBytes());
    assertThat(await(async(() -> readEof(ch[1])), PROMPT, "the peer's read after closeWrite")).isEqualTo(-1);
    writeAll(ch[1], "response".getBytes());
    ch[1].closeWrite();
    assertThat(readN(ch[0], 8)).isEqualTo("response".getBytes());
    assertThat(await(async(() -> readEof(ch[0])), PROMPT, "read after the reply's EOF")).isEqualTo(-1);
  }

  @Test
  @DisplayName("HC-2 closeWrite right after 8 MiB of writes still delivers every byte before EOF")
  void queuedBytesBeforeEof() throws Exception {
    Channel[] ch = openPair(pair());
    SeededBytes data = new SeededBytes(12);
    int size = 8 << 20;
    Future<Void> w =
        run(
            () -> {
              writeAll(ch[0], data.bytes(0, size));
              ch[0].closeWrite();
            });
    Thread.sleep(200);
    assertThat(readAllChecking(ch[1], data, 4096)).as("bytes before EOF").isEqualTo(size);
    await(w, LONG, "the writer");
  }

  @Test
  @DisplayName("HC-3 a write after our own closeWrite fails with ChannelClosedException; reading still works")
  void writeAfterCloseWriteFails() throws Exception {
    Channel[] ch = openPair(pair());
    ch[0].closeWrite();
    assertThatThrownBy(() -> ch[0].write(ByteBuffer.wrap(new byte[] {1})))
        .isInstanceOf(ChannelClosedException.class);
    writeAll(ch[1], new byte[] {7});
    assertThat(readN(ch[0], 1)).containsExactly(7);
  }

  @Test
  @DisplayName("HC-4 end of stream reads repeatedly: read returns -1 five times, InputStream.read too")
  void eofRepeats() throws Exception {
    Channel[] ch = openPair(pair());
    ch[0].closeWrite();
    for (int i = 0; i < 5; i++) {
      assertThat(await(async(() -> readEof(ch[1])), PROMPT, "read " + i + " after EOF")).isEqualTo(-1);
    }
    assertThat(await(async(() -> ch[1].inputStream().read()), PROMPT, "InputStream.read after EOF")).isEqualTo(-1);
  }

  @Test
  @DisplayName("HC-5 closeWrite twice is harmless")
  void closeWriteIdempotent() throws Exception {
    Channel[] ch = openPair(pair());
    ch[0].closeWrite();
    ch[0].closeWrite();
    assertThat(await(async(() -> readEof(ch[1])), PROMPT, "read after closeWrite")).isEqualTo(-1);
    writeAll(ch[1], new byte[] {1});
    assertThat(readN(ch[0], 1)).containsExactly(1);
  }

  @Test
  @DisplayName("HC-6 both sides half-close: both read EOF, and the session opens new channels afterwards")
  void bothHalfClose() throws Exception {
    SessionPair p = pair();
    Channel[] ch = openPair(p);
    ch[0].closeWrite();
    ch[1].closeWrite();
    assertThat(await(async(() -> readEof(ch[0])), PROMPT, "client EOF")).isEqualTo(-1);
    assertThat(await(async(() -> readEof(ch[1])), PROMPT, "server EOF")).isEqualTo(-1);
    ch[0].close();
    ch[1].close();
    Channel[] next = openPair(p);
    OpenAcceptRules.exchange(next[0], next[1]);
  }

  @Test
  @DisplayName("HC-7 a half-close ends only its own channel: another channel keeps flowing both ways")
  void halfCloseIsPerChannel() throws Exception {
    SessionPair p = pair();
    Channel[] a = openPair(p);
    Channel[] b = openPair(p);
    a[0].closeWrite();
    assertThat(await(async(() -> readEof(a[1])), PROMPT, "EOF on the half-closed channel")).isEqualTo(-1);
    OpenAcceptRules.exchange(b[0], b[1]);
    OpenAcceptRules.exchange(b[1], b[0]);
  }
}
