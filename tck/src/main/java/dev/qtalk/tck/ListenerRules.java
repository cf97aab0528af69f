package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Rules LI-*: a listener's accept and close, through {@link TransportTck#listen}. */
abstract class ListenerRules extends RuleSuite {

  ListenerRules(TransportTck kit) {
    super(kit);
  }

  final SessionListener listener() throws Exception {
    return closeLater(kit.listen(Options.defaults()));
  }

  @Test
  @Tag("optional")
  @DisplayName("LI-1 closing a listener releases its blocked accept() promptly with SessionClosedException; later accepts throw it too")
  void closeWakesAccept() throws Exception {
    requires(Capability.LISTENER);
    SessionListener l = listener();
    Future<Session> accept = closeLaterCall(BlockedCalls.start("listener-accept", l::accept));
    BlockedCalls.awaitBlocked(accept, "the listener's accept with no peer");
    await(run(l::close), PROMPT, "the listener's close()");
    Throwable t = awaitFailure(accept, PROMPT, "the blocked accept after the listener closed");
    assertThat(t).as("what the blocked accept threw").isInstanceOf(SessionClosedException.class);
    Throwable again = awaitFailure(async(l::accept), PROMPT, "accept on a closed listener");
    assertThat(again).as("what accept on a closed listener threw").isInstanceOf(SessionClosedException.class);
    await(run(l::close), PROMPT, "a second close()");
  }

  @Test
  @Tag("optional")
  @DisplayName("LI-2 sessions a listener accepted stay open, and keep working, after the listener is closed")
  void sessionsOutliveListener() throws Exception {
    requires(Capability.LISTENER);
    SessionListener l = listener();
    SessionPair p = closeLater(SessionPair.connect(l, () -> dialOrFail(l)));
    l.close();
    assertThat(p.server().isOpen()).as("the accepted session after the listener closed").isTrue();
    OpenAcceptRules.exchange(p.client().open(PROMPT), p.server().accept(PROMPT));
    OpenAcceptRules.exchange(p.server().open(PROMPT), p.client().accept(PROMPT));
  }

  private Session dialOrFail(SessionListener l) throws java.io.IOException {
    try {
      return kit.dial(l, Options.defaults());
    } catch (java.io.IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new java.io.IOException("dial failed: " + e, e);
    }
  }
}
