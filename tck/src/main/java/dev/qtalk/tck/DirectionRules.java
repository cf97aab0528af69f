package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rules DI-13 and FC-9: bulk data and windows from the server to the client too, and heap buffers
 * that are slices of larger arrays (a non-zero {@code arrayOffset()}).
 */
abstract class DirectionRules extends RuleSuite {

  DirectionRules(TransportTck kit) {
    super(kit);
  }

  @Test
  @DisplayName("DI-13 16 MiB from the server to the client, written and read through heap buffers with a non-zero array offset, arrive unchanged, then the end")
  void serverToClientThroughOffsetBuffers() throws Exception {
    SessionPair p = pair();
    Channel[] ch = openPair(p);
    SeededBytes data = new SeededBytes(95);
    long size = 16 << 20;
    Future<Void> writer =
        run(
            () -> {
              SplittableRandom rnd = new SplittableRandom(95);
              byte[] backing = new byte[70_000];
              long sent = 0;
              while (sent < size) {
                int off = 1 + rnd.nextInt(100);
                int len = (int) Math.min(size - sent, 1 + rnd.nextInt(65_536));
                data.fill(backing, off, len, sent);
                ByteBuffer slice = ByteBuffer.wrap(backing, off, len).slice(); // arrayOffset() == off
                while (slice.hasRemaining()) {
                  ch[1].write(slice);
                }
                sent += len;
              }
              if (has(Capability.HALF_CLOSE)) {
                ch[1].closeWrite();
              } else {
                ch[1].close();
              }
            });
    SplittableRandom rnd = new SplittableRandom(96);
    byte[] backing = new byte[70_000];
    long got = 0;
    while (true) {
      int off = 1 + rnd.nextInt(100);
      ByteBuffer slice = ByteBuffer.wrap(backing, off, 1 + rnd.nextInt(65_536)).slice();
      int n;
      try {
        n = ch[0].read(slice);
      } catch (dev.qtalk.ChannelClosedException e) {
        break; // the end of a channel its peer closed
      }
      if (n < 0) {
        break;
      }
      assertThat(slice.position()).as("the read buffer's position advanced by the count").isEqualTo(n);
      data.verify(backing, off, n, got);
      got += n;
    }
    assertThat(got).as("bytes the client read from the server").isEqualTo(size);
    await(writer, LONG, "the server's writes");
  }

  @Test
  @Tag("optional")
  @DisplayName("FC-9 the window option holds on both sides: with a 16 KiB window, a stalled reader on the client holds the server's writer to the window (+256 KiB slack)")
  void windowHonouredServerToClient() throws Exception {
    requires(Capability.CONFIGURABLE_WINDOW);
    Channel[] ch = openPair(pair(dev.qtalk.Options.of(dev.qtalk.StandardOptions.WINDOW_SIZE, FlowControlRules.SMALL_WINDOW)));
    long accepted =
        await(async(() -> FlowControlRules.fillUntilBlocked(ch[1], 64L << 20, 4096)), LONG, "filling from the server");
    note("acceptedWhileStalled", accepted);
    assertThat(accepted)
        .as("bytes the server's writer got rid of with a 16 KiB window on the client")
        .isLessThanOrEqualTo(FlowControlRules.SMALL_WINDOW + FlowControlRules.SLACK);
    assertThat(accepted).as("the window must let some bytes through").isPositive();
  }
}
