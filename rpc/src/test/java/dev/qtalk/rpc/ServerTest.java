package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.ChannelClosedException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad input from a caller ends that call only: the channel closes unanswered, the session serves on. */
@Timeout(60)
class ServerTest {

  /**
   * Sends {@code bytes} on a new channel (then half-closes, if asked) and reads what comes back
   * until the end. The server may reject the call and close the channel as soon as it has read
   * enough of the bytes, before our write or half-close: that is the outcome under test, so a
   * write or half-close that finds the channel closed is not an error here.
   */
  private static byte[] callOnRawChannel(MemPair p, byte[] bytes, boolean halfClose) throws Exception {
    Channel ch = p.client().open(Duration.ofSeconds(5));
    try {
      ch.write(ByteBuffer.wrap(bytes));
      if (halfClose) {
        ch.closeWrite();
      }
    } catch (ChannelClosedException rejectedAlready) {
      // the server ended the call first
    }
    return GoldenBytesTest.readAll(ch);
  }

  @Test
  void garbageHeadersAndHugeLengthsEndOnlyTheirCall() throws Exception {
    try (MemPair p = MemPair.open()) {
      Server.builder(RespondMux.create().handle("echo", (r, c) -> r.reply(c.receive())))
          .maxFrameSize(1024)
          .build()
          .start(p.server());
      Client client = Client.of(p.client());
      // a length of 4 GiB - 1, never followed by the body
      assertThat(callOnRawChannel(p, new byte[] {-1, -1, -1, -1}, false)).isEmpty();
      // a frame that is neither a JSON object nor a CBOR map
      assertThat(callOnRawChannel(p, GoldenBytesTest.hex("00000002 8100"), false)).isEmpty();
      // a JSON header cut short
      assertThat(callOnRawChannel(p, GoldenBytesTest.frame("{\"Selector\":"), false)).isEmpty();
      // the channel ends inside the length prefix
      assertThat(callOnRawChannel(p, new byte[] {0, 0}, true)).isEmpty();
      Random random = new Random(3);
      for (int i = 0; i < 200; i++) {
        byte[] junk = new byte[1 + random.nextInt(64)];
        random.nextBytes(junk);
        callOnRawChannel(p, junk, true); // whatever happens, it ends
      }
      assertThat(client.call("echo", "still serving", String.class)).isEqualTo("still serving");
      assertThat(p.server().isOpen()).isTrue();
    }
  }
}
