package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.qtalk.Channel;
import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Options;
import dev.qtalk.ProtocolException;
import dev.qtalk.QtalkException;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rules BI-*: a peer that breaks the wire format ends the session with a typed error, releases
 * every blocked call and never makes us wait forever. Needs {@link Capability#WIRE_FORMAT}.
 */
@Tag("optional")
abstract class BadInputRules extends RuleSuite {

  BadInputRules(TransportTck kit) {
    super(kit);
  }

  @BeforeEach
  void needsWireFormat() {
    requires(Capability.WIRE_FORMAT);
  }

  final RawPeer raw() throws Exception {
    return closeLater(kit.rawPeer(Options.defaults()));
  }

  /** Drains what the session writes, so it never blocks on a full socket. */
  final void drain(RawPeer peer) {
    tasks.submit(() -> peer.fromSession().transferTo(java.io.OutputStream.nullOutputStream()));
  }

  /** Waits for the session to end by itself, with a typed cause, releasing a blocked accept. */
  static void assertEndsWithTypedError(Session s, Future<Channel> blockedAccept, String after) throws Exception {
    await(s.closeFuture(), PROMPT, "the session's end after " + after);
    assertThat(s.isOpen()).isFalse();
    assertThat(s.closeCause()).as("why the session ended after %s", after).isPresent();
    assertThat(s.closeCause().get()).isInstanceOf(QtalkException.class);
    assertThat(awaitFailure(blockedAccept, PROMPT, "a blocked accept after " + after))
        .isInstanceOf(SessionClosedException.class);
  }

  @Test
  @DisplayName("BI-1 4 KiB of random bytes end the session by themselves, with a typed error; a blocked accept is released")
  void garbage() throws Exception {
    RawPeer peer = raw();
    drain(peer);
    Future<Channel> accept = async(peer.session()::accept);
    byte[] junk = new byte[4096];
    new Random(61).nextBytes(junk);
    peer.toSession().write(junk);
    peer.toSession().flush();
    assertEndsWithTypedError(peer.session(), accept, "random bytes");
  }

  @Test
  @DisplayName("BI-2 64 KiB of 0xFF (maximal types and lengths) end the session by themselves, with a typed error")
  void maximalLengths() throws Exception {
    RawPeer peer = raw();
    drain(peer);
    Future<Channel> accept = async(peer.session()::accept);
    byte[] ff = new byte[64 * 1024];
    Arrays.fill(ff, (byte) 0xFF);
    try {
      peer.toSession().write(ff);
      peer.toSession().flush();
    } catch (IOException e) {
      // the session may have closed the connection before reading all of it
    }
    assertEndsWithTypedError(peer.session(), accept, "0xFF bytes");
  }

  @Test
  @DisplayName("BI-3 a connection that ends in the middle of a message ends the session; closeFuture completes")
  void truncated() throws Exception {
    RawPeer peer = raw();
    drain(peer);
    Future<Channel> accept = async(peer.session()::accept);
    peer.toSession().write(new byte[] {1});
    peer.toSession().flush();
    peer.connection().close();
    await(peer.session().closeFuture(), PROMPT, "the session's end after a truncated message");
    assertThat(peer.session().isOpen()).isFalse();
    assertThat(awaitFailure(accept, PROMPT, "a blocked accept")).isInstanceOf(SessionClosedException.class);
  }

  @Test
  @DisplayName("BI-4 open(500 ms) to a peer that never answers throws DeadlineExceededException in time")
  void silentPeer() throws Exception {
    RawPeer peer = raw();
    drain(peer);
    Future<Channel> open = async(() -> peer.session().open(Duration.ofMillis(500)));
    assertThat(awaitFailure(open, PROMPT, "open(500 ms) to a silent peer")).isInstanceOf(DeadlineExceededException.class);
    assertThat(peer.session().isOpen()).as("the session after an open timed out").isTrue();
  }

  @Test
  @DisplayName("BI-5 losing the connection releases a blocked open and a blocked accept with SessionClosedException")
  void connectionLost() throws Exception {
    RawPeer peer = raw();
    drain(peer);
    Future<Channel> accept = async(peer.session()::accept);
    Future<Channel> open = async(() -> peer.session().open(Duration.ofSeconds(60)));
    Thread.sleep(200);
    peer.connection().close();
    assertThat(awaitFailure(accept, PROMPT, "accept after the connection was lost")).isInstanceOf(SessionClosedException.class);
    assertThat(awaitFailure(open, PROMPT, "open after the connection was lost")).isInstanceOf(SessionClosedException.class);
  }

  @Test
  @Tag("stochastic")
  @DisplayName("BI-6 20 random inputs of 1 to 512 bytes, then the connection ends: every session ends promptly (stochastic)")
  void randomInputs() throws Exception {
    int trials = 20;
    int passed = 0;
    List<String> failures = new ArrayList<>();
    Random random = new Random(66);
    for (int i = 0; i < trials; i++) {
      byte[] junk = new byte[1 + random.nextInt(512)];
      random.nextBytes(junk);
      RawPeer peer = raw();
      drain(peer);
      Future<Channel> accept = async(peer.session()::accept);
      try {
        peer.toSession().write(junk);
        peer.toSession().flush();
      } catch (IOException e) {
        // the session may already have hung up
      }
      peer.connection().close();
      try {
        peer.session().closeFuture().get(PROMPT.toMillis(), TimeUnit.MILLISECONDS);
        accept.get(PROMPT.toMillis(), TimeUnit.MILLISECONDS);
        failures.add("input " + i + ": accept returned a channel");
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof SessionClosedException) {
          passed++;
        } else {
          failures.add("input " + i + ": accept threw " + e.getCause());
        }
      } catch (java.util.concurrent.TimeoutException e) {
        failures.add("input " + i + " (" + HexFormat.of().formatHex(junk, 0, Math.min(16, junk.length)) + "...): not ended within " + PROMPT.toSeconds() + " s");
      }
    }
    note("passRate", passed + "/" + trials);
    assertThat(failures).as("inputs that failed (pass rate %d/%d)", passed, trials).isEmpty();
  }

  @Test
  @DisplayName("BI-7 each malformed message the transport declares ends the session with a ProtocolException")
  void declaredMalformed() throws Exception {
    List<byte[]> messages = kit.malformedMessages();
    assumeFalse(messages.isEmpty(), () -> kit.transportName() + " declares no malformedMessages()");
    for (byte[] m : messages) {
      RawPeer peer = raw();
      drain(peer);
      Future<Channel> accept = async(peer.session()::accept);
      peer.toSession().write(m);
      peer.toSession().flush();
      String hex = HexFormat.of().formatHex(m, 0, Math.min(32, m.length));
      assertEndsWithTypedError(peer.session(), accept, hex);
      assertThat(peer.session().closeCause().get()).as("the cause after %s", hex).isInstanceOf(ProtocolException.class);
    }
  }

}
