package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.QtalkException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rules CC-*: many channels, sessions and threads at once. */
abstract class ConcurrencyRules extends RuleSuite {
  static final int CHANNELS = TckProperties.intValue("qtalk.tck.channels", 1000);
  static final int REPEAT = TckProperties.intValue("qtalk.tck.repeat", 20);

  ConcurrencyRules(TransportTck kit) {
    super(kit);
  }

  /** Echoes every channel the session accepts, until the session ends. */
  final Future<Void> echoServer(dev.qtalk.Session server, int channels) {
    return run(
        () -> {
          for (int i = 0; i < channels; i++) {
            Channel s = server.accept(LONG);
            tasks.submit(
                () -> {
                  ByteBuffer buf = ByteBuffer.allocate(4096);
                  while (true) {
                    buf.clear();
                    int n = s.read(buf);
                    if (n < 0) {
                      s.close();
                      return null;
                    }
                    buf.flip();
                    s.write(buf);
                  }
                });
          }
        });
  }

  /** Sends {@code messages} messages of {@code size} bytes and checks each echo. */
  static void converse(Channel c, long seed, int messages, int size) throws IOException {
    SeededBytes data = new SeededBytes(seed);
    for (int m = 0; m < messages; m++) {
      writeAll(c, data.bytes((long) m * size, size));
      data.verify(readN(c, size), 0, size, (long) m * size);
    }
    c.close();
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  @DisplayName("CC-1 1,000 concurrent channels on one session, 10 echoed messages each (count: qtalk.tck.channels)")
  void thousandChannels() throws Exception {
    SessionPair p = pair();
    Future<Void> server = echoServer(p.server(), CHANNELS);
    List<Channel> open = new ArrayList<>();
    for (int i = 0; i < CHANNELS; i++) {
      open.add(p.client().open(PROMPT.multipliedBy(2)));
    }
    List<Future<Void>> work = new ArrayList<>();
    for (Channel c : open) {
      work.add(run(() -> converse(c, c.id(), 10, 100)));
    }
    for (Future<Void> f : work) {
      await(f, LONG, CHANNELS + " channels x 10 messages");
    }
    await(server, PROMPT, "accepting every channel");
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  @DisplayName("CC-2 10 sessions x 10 channels at once, 64 KiB echoed on each")
  void tenSessions() throws Exception {
    List<Future<Void>> work = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      SessionPair p = pair();
      work.add(echoServer(p.server(), 10));
      for (int c = 0; c < 10; c++) {
        long seed = s * 100L + c;
        work.add(run(() -> converse(p.client().open(PROMPT.multipliedBy(2)), seed, 16, 4096)));
      }
    }
    for (Future<Void> f : work) {
      await(f, LONG, "10 sessions x 10 channels");
    }
  }

  @Test
  @Tag("stochastic")
  @DisplayName("CC-3 concurrent read, write and close on one channel: all return promptly, only typed errors (stochastic)")
  void readWriteCloseRace() throws Exception {
    SessionPair p = pair();
    Random random = new Random(33);
    int passed = 0;
    List<String> failures = new ArrayList<>();
    for (int trial = 0; trial < REPEAT; trial++) {
      Channel[] ch = openPair(p);
      int delay = random.nextInt(5);
      Future<Void> pump = run(() -> {
        ByteBuffer b = ByteBuffer.allocate(1024);
        while (ch[1].read(b.clear()) >= 0) {
          ch[1].write(b.flip());
        }
      });
      List<Future<?>> racers = new ArrayList<>();
      racers.add(async(() -> { while (ch[0].read(ByteBuffer.allocate(512)) >= 0) { } return null; }));
      racers.add(async(() -> { while (true) { ch[0].write(ByteBuffer.allocate(512)); } }));
      racers.add(async(() -> { Thread.sleep(delay); ch[0].close(); return null; }));
      String problem = null;
      for (Future<?> f : racers) {
        try {
          f.get(PROMPT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof QtalkException)) {
            problem = "untyped " + e.getCause();
          }
        } catch (java.util.concurrent.TimeoutException e) {
          problem = "a call still blocked " + PROMPT.toSeconds() + " s after close";
          f.cancel(true);
        }
      }
      ch[1].close();
      try {
        pump.get(PROMPT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        // the echo ends with the channel's close
      } catch (java.util.concurrent.TimeoutException e) {
        problem = problem != null ? problem : "the peer's echo still blocked after both sides closed";
      }
      if (problem == null) {
        passed++;
      } else {
        failures.add("trial " + trial + ": " + problem);
      }
    }
    note("passRate", passed + "/" + REPEAT);
    assertThat(failures).as("trials that failed (pass rate %d/%d)", passed, REPEAT).isEmpty();
  }

  @Test
  @DisplayName("CC-4 writes from two threads on one channel each arrive whole and in each thread's order")
  void writesAreAtomic() throws Exception {
    Channel[] ch = openPair(pair());
    int records = 500;
    List<Future<Void>> writers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int thread = t;
      writers.add(
          run(
              () -> {
                Random sizes = new Random(40 + thread);
                for (int seq = 0; seq < records; seq++) {
                  int len = 1 + sizes.nextInt(4096);
                  ByteBuffer r = ByteBuffer.allocate(12 + len);
                  r.putInt(thread).putInt(seq).putInt(len);
                  for (int i = 0; i < len; i++) {
                    r.put((byte) (thread * 31 + seq + i));
                  }
                  ch[0].write(r.flip());
                }
              }));
    }
    int[] next = new int[2];
    for (int i = 0; i < 2 * records; i++) {
      ByteBuffer h = ByteBuffer.wrap(readN(ch[1], 12));
      int thread = h.getInt();
      int seq = h.getInt();
      int len = h.getInt();
      assertThat(thread).as("record %d: thread field (a torn or interleaved write?)", i).isBetween(0, 1);
      assertThat(seq).as("record %d: sequence of thread %d", i, thread).isEqualTo(next[thread]);
      assertThat(len).as("record %d: length", i).isBetween(1, 4096);
      byte[] body = readN(ch[1], len);
      for (int k = 0; k < len; k++) {
        assertThat(body[k]).as("record %d byte %d", i, k).isEqualTo((byte) (thread * 31 + seq + k));
      }
      next[thread]++;
    }
    for (Future<Void> f : writers) {
      await(f, PROMPT, "the writers");
    }
  }

  @Test
  @DisplayName("CC-5 full duplex: 4 MiB each way on one channel at the same time")
  void fullDuplex() throws Exception {
    Channel[] ch = openPair(pair());
    int size = 4 << 20;
    List<Future<Void>> work = new ArrayList<>();
    for (int side = 0; side < 2; side++) {
      Channel me = ch[side];
      SeededBytes mine = new SeededBytes(50 + side);
      SeededBytes theirs = new SeededBytes(51 - side);
      work.add(run(() -> writeAll(me, mine.bytes(0, size))));
      work.add(run(() -> theirs.verify(readN(me, size), 0, size, 0)));
    }
    for (Future<Void> f : work) {
      await(f, LONG, "full duplex transfer");
    }
  }

  @Test
  @DisplayName("CC-6 8 threads open 50 channels each while 8 threads accept: 400 accepted, none twice")
  void concurrentOpenAccept() throws Exception {
    SessionPair p = pair();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<Future<Void>> work = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      work.add(
          run(
              () -> {
                for (int i = 0; i < 50; i++) {
                  writeAll(p.client().open(LONG), (thread + "." + i + "\n").getBytes());
                }
              }));
      work.add(
          run(
              () -> {
                for (int i = 0; i < 50; i++) {
                  String tag = new String(OpenAcceptRules.readLine(p.server().accept(LONG)));
                  assertThat(seen.add(tag)).as("channel %s accepted twice", tag).isTrue();
                }
              }));
    }
    for (Future<Void> f : work) {
      await(f, LONG, "concurrent opens and accepts");
    }
    assertThat(seen).hasSize(400);
  }
}
