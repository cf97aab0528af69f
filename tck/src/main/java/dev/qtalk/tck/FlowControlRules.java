package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Rules FC-*: a reader that does not read holds back its own writer, and nobody else. */
abstract class FlowControlRules extends RuleSuite {
  static final int SMALL_WINDOW = 16 * 1024;
  /** What a stalled channel may accept beyond its window: buffers of the transport's own. */
  static final long SLACK = TckProperties.bytes("qtalk.tck.windowSlack", 256 * 1024);
  /** What a writer may push into a reader that never reads, with the transport's default window. */
  static final long STALL_BOUND = TckProperties.bytes("qtalk.tck.stallBound", 64L << 20);

  FlowControlRules(TransportTck kit) {
    super(kit);
  }

  /** A small window where the transport can be told, else its defaults. */
  final Options smallWindow() {
    return has(Capability.CONFIGURABLE_WINDOW)
        ? Options.of(StandardOptions.WINDOW_SIZE, SMALL_WINDOW)
        : Options.defaults();
  }

  /** Writes until a write times out; returns how many bytes were accepted. */
  static long fillUntilBlocked(Channel ch, long bound, int chunk) throws IOException {
    ch.writeTimeout(Duration.ofMillis(500));
    long accepted = 0;
    byte[] bytes = new byte[chunk];
    while (accepted <= bound) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      try {
        accepted += ch.write(buf);
      } catch (DeadlineExceededException e) {
        accepted += buf.position();
        return accepted;
      }
    }
    return accepted;
  }

  @Test
  @DisplayName("FC-1 a writer to a reader that never reads blocks (its write times out) before 64 MiB")
  void stalledReaderBlocksWriter() throws Exception {
    Channel[] ch = openPair(pair());
    long accepted = await(async(() -> fillUntilBlocked(ch[0], STALL_BOUND, 1 << 20)), LONG, "filling a stalled channel");
    note("acceptedWhileStalled", accepted);
    assertThat(accepted).as("bytes writes accepted while the peer read nothing").isLessThanOrEqualTo(STALL_BOUND);
  }

  @Test
  @DisplayName("FC-2 a stalled reader stalls only its own channel: another channel moves 1 MiB each way meanwhile")
  void stallIsPerChannel() throws Exception {
    SessionPair p = pair(smallWindow());
    Channel[] stalled = openPair(p);
    long accepted = await(async(() -> fillUntilBlocked(stalled[0], STALL_BOUND, 64 * 1024)), LONG, "filling");
    stalled[0].writeTimeout(Duration.ZERO);
    Future<Integer> blocked = async(() -> stalled[0].write(ByteBuffer.allocate(1 << 20)));
    Channel[] other = openPair(p);
    SeededBytes data = new SeededBytes(22);
    Future<Void> a = run(() -> writeAll(other[0], data.bytes(0, 1 << 20)));
    Future<Void> b = run(() -> writeAll(other[1], data.bytes(0, 1 << 20)));
    Future<byte[]> readBack = async(() -> readN(other[0], 1 << 20));
    data.verify(await(async(() -> readN(other[1], 1 << 20)), LONG, "the other channel's 1 MiB one way, beside the stalled one"), 0, 1 << 20, 0);
    data.verify(await(readBack, LONG, "the other channel's 1 MiB the other way"), 0, 1 << 20, 0);
    await(a, LONG, "the other channel's writer");
    await(b, LONG, "the other channel's writer back");
    assertThat(blocked).as("the stalled channel's writer is still blocked").isNotDone();
    Future<Long> drain =
        async(
            () -> {
              long n = 0;
              ByteBuffer buf = ByteBuffer.allocate(65536);
              while (n < accepted + (1 << 20)) {
                buf.clear();
                n += stalled[1].read(buf);
              }
              return n;
            });
    assertThat(await(blocked, LONG, "the stalled writer once its reader reads")).isEqualTo(1 << 20);
    await(drain, LONG, "draining the stalled channel");
  }

  @Test
  @Tag("optional")
  @DisplayName("FC-3 with a 16 KiB window, a stalled reader holds its writer to the window (+256 KiB slack)")
  void windowHonoured() throws Exception {
    requires(Capability.CONFIGURABLE_WINDOW);
    Channel[] ch = openPair(pair(smallWindow()));
    long accepted = await(async(() -> fillUntilBlocked(ch[0], 64L << 20, 4096)), LONG, "filling");
    note("acceptedWhileStalled", accepted);
    assertThat(accepted).as("bytes accepted with a 16 KiB window").isLessThanOrEqualTo(SMALL_WINDOW + SLACK);
    assertThat(accepted).as("the window must let some bytes through").isPositive();
  }

  @Test
  @DisplayName("FC-4 one message 64 times the window completes while the peer reads")
  void messageLargerThanWindow() throws Exception {
    Channel[] ch = openPair(pair(smallWindow()));
    int size = has(Capability.CONFIGURABLE_WINDOW) ? 64 * SMALL_WINDOW : 8 << 20;
    SeededBytes data = new SeededBytes(4);
    Future<Integer> w = async(() -> ch[0].write(ByteBuffer.wrap(data.bytes(0, size))));
    data.verify(readN(ch[1], size), 0, size, 0);
    assertThat(await(w, LONG, "the large write")).isEqualTo(size);
  }

  @Test
  @DisplayName("FC-5 both sides write 4 windows before they start reading: no deadlock")
  void bothWriteFirst() throws Exception {
    Channel[] ch = openPair(pair(smallWindow()));
    int size = has(Capability.CONFIGURABLE_WINDOW) ? 4 * SMALL_WINDOW : 8 << 20;
    SeededBytes data = new SeededBytes(5);
    List<Future<Void>> work = new ArrayList<>();
    for (int side = 0; side < 2; side++) {
      Channel me = ch[side];
      work.add(run(() -> writeAll(me, data.bytes(0, size))));
      work.add(
          run(
              () -> {
                Thread.sleep(200);
                data.verify(readN(me, size), 0, size, 0);
              }));
    }
    for (Future<Void> f : work) {
      await(f, LONG, "both sides writing more than the window");
    }
  }

  @Test
  @Tag("optional")
  @DisplayName("FC-6 200 stalled channels accept at most 200 x (window + 256 KiB): memory stays bounded")
  void manyStalledChannels() throws Exception {
    requires(Capability.CONFIGURABLE_WINDOW);
    SessionPair p = pair(smallWindow());
    List<Future<Long>> fills = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Channel c = p.client().open(PROMPT);
      p.server().accept(PROMPT);
      fills.add(async(() -> fillUntilBlocked(c, 64L << 20, 8192)));
    }
    long total = 0;
    for (Future<Long> f : fills) {
      total += await(f, LONG, "filling 200 stalled channels");
    }
    note("acceptedWhileStalled", total);
    assertThat(total).isLessThanOrEqualTo(200 * (SMALL_WINDOW + SLACK));
  }

  @Test
  @DisplayName("FC-7 a reader that pauses and resumes gets every byte in order (1 MiB, pauses of 300 ms)")
  void windowReopens() throws Exception {
    Channel[] ch = openPair(pair(smallWindow()));
    SeededBytes data = new SeededBytes(7);
    int size = 1 << 20;
    Future<Void> w = run(() -> writeAll(ch[0], data.bytes(0, size)));
    for (int off = 0; off < size; off += 128 * 1024) {
      Thread.sleep(300);
      data.verify(readN(ch[1], 128 * 1024), 0, 128 * 1024, off);
    }
    await(w, LONG, "the writer");
  }

  @Test
  @DisplayName("FC-8 1-byte reads return credit: 256 KiB through a small window, read one byte at a time")
  void tinyReadsReturnCredit() throws Exception {
    Channel[] ch = openPair(pair(smallWindow()));
    SeededBytes data = new SeededBytes(8);
    int size = 256 * 1024;
    Future<Void> w = run(() -> writeAll(ch[0], data.bytes(0, size)));
    ByteBuffer one = ByteBuffer.allocate(1);
    for (int i = 0; i < size; i++) {
      one.clear();
      assertThat(ch[1].read(one)).isEqualTo(1);
      data.verify(one.array(), 0, 1, i);
    }
    await(w, LONG, "the writer");
  }
}
