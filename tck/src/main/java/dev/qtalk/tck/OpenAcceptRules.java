package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.OpenRefusedException;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.StandardOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rules OA-*: opening and accepting channels. */
abstract class OpenAcceptRules extends RuleSuite {
  static final int CYCLES = TckProperties.intValue("qtalk.tck.cycles", 50_000);
  static final int CYCLE_SECONDS = TckProperties.intValue("qtalk.tck.cycleSeconds", 300);

  OpenAcceptRules(TransportTck kit) {
    super(kit);
  }

  @Test
  @DisplayName("OA-1 client opens, server accepts, bytes flow both ways")
  void clientOpens() throws Exception {
    Channel[] ch = openPair(pair());
    exchange(ch[0], ch[1]);
  }

  @Test
  @DisplayName("OA-2 server opens, client accepts, bytes flow both ways")
  void serverOpens() throws Exception {
    SessionPair p = pair();
    Channel s = p.server().open(PROMPT.multipliedBy(2));
    Channel c = p.client().accept(PROMPT.multipliedBy(2));
    exchange(s, c);
  }

  @Test
  @DisplayName("OA-3 both sides open 20 channels at once; each is accepted once on the other side")
  void bothSidesOpen() throws Exception {
    SessionPair p = pair();
    List<Future<Void>> work = new ArrayList<>();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    for (Session[] dir : new Session[][] {{p.client(), p.server()}, {p.server(), p.client()}}) {
      String side = dir[0] == p.client() ? "c" : "s";
      for (int i = 0; i < 20; i++) {
        String tag = side + i;
        work.add(run(() -> writeAll(dir[0].open(PROMPT.multipliedBy(2)), (tag + "\n").getBytes())));
        work.add(
            run(
                () -> {
                  Channel a = dir[1].accept(PROMPT.multipliedBy(2));
                  String got = new String(readLine(a));
                  assertThat(seen.add(got)).as("channel %s accepted twice", got).isTrue();
                }));
      }
    }
    for (Future<Void> f : work) {
      await(f, LONG, "opening and accepting from both sides");
    }
    assertThat(seen).hasSize(40);
  }

  @Test
  @DisplayName("OA-4 100 open channels have distinct ids and know their session")
  void distinctIds() throws Exception {
    SessionPair p = pair();
    Set<Long> client = new HashSet<>();
    Set<Long> server = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Channel[] ch = openPair(p);
      assertThat(client.add(ch[0].id())).as("client id %d reused while open", ch[0].id()).isTrue();
      assertThat(server.add(ch[1].id())).as("server id %d reused while open", ch[1].id()).isTrue();
      assertThat(ch[0].session()).isSameAs(p.client());
      assertThat(ch[1].session()).isSameAs(p.server());
    }
  }

  @Test
  @DisplayName("OA-5 accept(timeout) with nothing opened throws DeadlineExceededException; the session stays usable")
  void acceptTimesOut() throws Exception {
    SessionPair p = pair();
    long t0 = System.nanoTime();
    Future<Channel> accept = async(() -> p.server().accept(Duration.ofMillis(300)));
    assertThat(awaitFailure(accept, PROMPT, "accept(300 ms)")).isInstanceOf(DeadlineExceededException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    Channel[] ch = openPair(p);
    exchange(ch[0], ch[1]);
  }

  @Test
  @DisplayName("OA-6 open(1 s) to a peer that never accepts returns a channel or is refused or times out, within 1 s + 5 s")
  void openWithoutAccept() throws Exception {
    SessionPair p = pair();
    Future<Channel> open = async(() -> p.client().open(Duration.ofSeconds(1)));
    try {
      Channel c = await(open, Duration.ofSeconds(1).plus(PROMPT), "open(1 s) with no accept");
      // a transport that confirms on arrival (like a TCP backlog) must deliver the channel later
      writeAll(c, "late".getBytes());
      Channel s = p.server().accept(PROMPT);
      assertThat(readN(s, 4)).isEqualTo("late".getBytes());
    } catch (OpenRefusedException | DeadlineExceededException expected) {
      assertThat(p.client().isOpen()).as("session open after a refused or timed-out open").isTrue();
    }
  }

  @Test
  @Tag("optional")
  @DisplayName("OA-7 the accept backlog is bounded: with acceptBacklog 8 and no accept, later opens are refused or time out")
  void backlogBounded() throws Exception {
    requires(Capability.CONFIGURABLE_BACKLOG);
    SessionPair p = pair(Options.of(StandardOptions.ACCEPT_BACKLOG, 8));
    int opened = 0;
    IOException refusal = null;
    for (int i = 0; i < 64 && refusal == null; i++) {
      try {
        p.client().open(Duration.ofSeconds(1));
        opened++;
      } catch (OpenRefusedException | DeadlineExceededException e) {
        refusal = e;
      }
    }
    assertThat(refusal).as("an open refused or timed out after %d waiting channels", opened).isNotNull();
    assertThat(opened).as("opens that succeeded with acceptBacklog 8").isBetween(8, 16);
    for (int i = 0; i < opened; i++) {
      p.server().accept(PROMPT);
    }
    openPair(p); // room again once the application accepted
  }

  @Test
  @Tag("optional")
  @DisplayName("OA-8 with maxChannels 16, the 17th concurrent open is refused; closing one makes room")
  void maxChannels() throws Exception {
    requires(Capability.MAX_CHANNELS);
    SessionPair p = pair(Options.of(StandardOptions.MAX_CHANNELS, 16));
    List<Channel[]> open = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      open.add(openPair(p));
    }
    assertThatThrownBy(() -> p.client().open(Duration.ofSeconds(1)))
        .isInstanceOfAny(OpenRefusedException.class, DeadlineExceededException.class);
    open.get(0)[0].close();
    open.get(0)[1].close();
    long deadline = System.nanoTime() + PROMPT.toNanos();
    while (true) {
      try {
        openPair(p);
        return;
      } catch (OpenRefusedException e) {
        if (System.nanoTime() > deadline) {
          fail("still refused " + PROMPT.toSeconds() + " s after closing a channel: " + e.getMessage());
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  @Tag("optional")
  @DisplayName("OA-9 50,000 open/half-close/EOF cycles from 5 threads: all accepted, none lost or duplicated")
  void cycles() throws Exception {
    requires(Capability.HALF_CLOSE);
    SessionPair p = pair();
    int threads = 5;
    int total = CYCLES - CYCLES % threads;
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    AtomicLong duplicates = new AtomicLong();
    Future<Void> server =
        run(
            () -> {
              for (int i = 0; i < total; i++) {
                Channel s = p.server().accept(LONG);
                tasks.submit(
                    () -> {
                      long tag = ByteBuffer.wrap(readN(s, 8)).getLong();
                      if (!seen.add(tag)) {
                        duplicates.incrementAndGet();
                      }
                      assertThat(s.read(ByteBuffer.allocate(1))).isEqualTo(-1);
                      s.closeWrite();
                      s.close();
                      return null;
                    });
              }
            });
    List<Future<Void>> clients = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long base = (long) t << 32;
      clients.add(
          run(
              () -> {
                for (int i = 0; i < total / threads; i++) {
                  Channel c = p.client().open(LONG);
                  c.write(ByteBuffer.allocate(8).putLong(0, base + i));
                  c.closeWrite();
                  int eof = c.read(ByteBuffer.allocate(1));
                  assertThat(eof).as("the peer's EOF after cycle %d", i).isEqualTo(-1);
                  c.close();
                }
              }));
    }
    long t0 = System.nanoTime();
    Duration bound = Duration.ofSeconds(CYCLE_SECONDS);
    for (Future<Void> f : clients) {
      await(f, bound, total + " cycles");
    }
    await(server, PROMPT, "accepting the last cycle");
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    note("cycles", total + " in " + ms + " ms");
    long deadline = System.nanoTime() + PROMPT.toNanos();
    while (seen.size() < total && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(duplicates.get()).as("channels accepted twice").isZero();
    assertThat(seen).as("distinct cycles the server saw").hasSize(total);
  }

  @Test
  @DisplayName("OA-10 an open session says so: isOpen, both addresses, no close cause, closeFuture pending")
  void sessionBasics() throws Exception {
    SessionPair p = pair();
    for (Session s : new Session[] {p.client(), p.server()}) {
      assertThat(s.isOpen()).isTrue();
      assertThat(s.localAddress()).isNotNull();
      assertThat(s.remoteAddress()).isNotNull();
      assertThat(s.closeCause()).isEmpty();
      assertThat(s.closeFuture()).isNotDone();
    }
  }

  /** A few bytes each way on an open pair. */
  static void exchange(Channel a, Channel b) throws IOException {
    writeAll(a, "ping".getBytes());
    assertThat(readN(b, 4)).isEqualTo("ping".getBytes());
    writeAll(b, "pong".getBytes());
    assertThat(readN(a, 4)).isEqualTo("pong".getBytes());
  }

  static byte[] readLine(Channel ch) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (true) {
      one.clear();
      if (ch.read(one) < 0) {
        throw new java.io.EOFException("end of stream before a newline");
      }
      if (one.get(0) == '\n') {
        return out.toByteArray();
      }
      out.write(one.get(0));
    }
  }
}
