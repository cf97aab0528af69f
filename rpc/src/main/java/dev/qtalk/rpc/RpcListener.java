package dev.qtalk.rpc;

import dev.qtalk.Options;
import dev.qtalk.Session;
import java.net.URI;
import java.time.Duration;

/**
 * Hears of sessions and calls, to feed metrics or traces (Micrometer, OpenTelemetry): a {@link
 * Server}'s ({@link Server.Builder#listener}) or a {@link Client}'s ({@link Client#connect(URI,
 * Options, RpcListener)}, {@link Client.Builder#listener}). A client reports the calls it makes,
 * and the session only if it owns it. Methods run on the server's or the caller's threads (a
 * call's own thread for the call methods), so they must be quick and must not block; an exception
 * they throw is logged and otherwise ignored. Every method does nothing by default.
 *
 * <pre>{@code
 * Server.builder(mux).listener(new RpcListener() {
 *   public void callEnded(Session s, String selector, CallOutcome outcome, Duration d) {
 *     Timer.builder("qtalk.rpc.server").tag("selector", selector).tag("outcome", outcome.name())
 *         .register(registry).record(d);
 *   }
 * }).build();
 * }</pre>
 *
 * @since 0.1
 */
public interface RpcListener {
  /** The server starts serving {@code session}, or a client has connected it. */
  default void sessionStarted(Session session) {}

  /**
   * The server has stopped serving {@code session} (it ended, or the server shut down), or a
   * client's own session has ended.
   */
  default void sessionEnded(Session session) {}

  /**
   * A call to {@code selector} starts: on a server after its header was read (the selector in
   * canonical form), on a client before its channel is opened (the selector as called).
   */
  default void callStarted(Session session, String selector) {}

  /**
   * A call has ended. On a server {@code selector} is empty for a call that failed before its
   * header was read.
   */
  default void callEnded(Session session, String selector, CallOutcome outcome, Duration duration) {}
}
