package dev.qtalk.spi;

import dev.qtalk.ProtocolException;
import dev.qtalk.Session;

import java.util.Optional;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR events of a session's life: opened, closed (with the session's lifetime as the event's
 * duration and the cause, if it failed), and protocol errors. {@link dev.qtalk.Transports#connect}
 * observes the sessions it makes, and an rpc server those it serves. They cost a check of a flag
 * each while no recording asks for them. Listed in {@code docs/observability.md}.
 *
 * @since 0.1
 */
public final class SessionEvents {
  private SessionEvents() {}

  @Name("dev.qtalk.SessionOpened")
  @Label("qtalk Session Opened")
  @Category({"qtalk", "Session"})
  @Description("A session was connected or accepted")
  @StackTrace(false)
  static final class Opened extends Event {
    @Label("Scheme") String scheme;
    @Label("Side") @Description("client (connected) or server (accepted)") String side;
    @Label("Remote Address") String remote;
  }

  @Name("dev.qtalk.SessionClosed")
  @Label("qtalk Session Closed")
  @Category({"qtalk", "Session"})
  @Description("A session ended; the duration is its lifetime")
  @StackTrace(false)
  static final class Closed extends Event {
    @Label("Scheme") String scheme;
    @Label("Side") String side;
    @Label("Remote Address") String remote;
    @Label("Cause") @Description("why it failed; empty after an orderly close") String cause;
  }

  @Name("dev.qtalk.ProtocolError")
  @Label("qtalk Protocol Error")
  @Category({"qtalk", "Session"})
  @Description("A peer broke the protocol and its session was ended")
  @StackTrace(false)
  static final class ProtocolError extends Event {
    @Label("Scheme") String scheme;
    @Label("Remote Address") String remote;
    @Label("Message") String message;
  }

  /**
   * Emits the events of {@code session}'s life: opened now, closed and any protocol error when it
   * ends; returns it.
   *
   * @param scheme the transport's URI scheme, or empty when unknown
   * @param side {@code client} (it connected) or {@code server} (it was accepted)
   */
  public static Session observe(Session session, String scheme, String side) {
    String remote = String.valueOf(session.remoteAddress());
    Opened opened = new Opened();
    if (opened.shouldCommit()) {
      opened.scheme = scheme;
      opened.side = side;
      opened.remote = remote;
      opened.commit();
    }
    Closed closed = new Closed();
    closed.begin();
    session.closeFuture().whenComplete((v, t) -> {
      closed.end();
      Optional<java.io.IOException> cause = session.closeCause();
      if (closed.shouldCommit()) {
        closed.scheme = scheme;
        closed.side = side;
        closed.remote = remote;
        closed.cause = cause.map(Throwable::toString).orElse("");
        closed.commit();
      }
      if (cause.isPresent() && cause.get() instanceof ProtocolException p) {
        ProtocolError e = new ProtocolError();
        if (e.shouldCommit()) {
          e.scheme = scheme;
          e.remote = remote;
          e.message = String.valueOf(p.getMessage());
          e.commit();
        }
      }
    });
    return session;
  }
}
