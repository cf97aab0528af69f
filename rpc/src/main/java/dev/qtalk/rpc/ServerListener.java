package dev.qtalk.rpc;

import dev.qtalk.Session;
import java.time.Duration;

/**
 * Hears of a {@link Server}'s sessions and calls, to feed metrics or traces (Micrometer,
 * OpenTelemetry); set with {@link Server.Builder#listener}. Methods run on the server's threads
 * (a call's own thread for the call methods), so they must be quick and must not block; an
 * exception they throw is logged and otherwise ignored. Every method does nothing by default.
 *
 * <pre>{@code
 * Server.builder(mux).listener(new ServerListener() {
 *   public void callEnded(Session s, String selector, CallOutcome outcome, Duration d) {
 *     Timer.builder("qtalk.rpc.server").tag("selector", selector).tag("outcome", outcome.name())
 *         .register(registry).record(d);
 *   }
 * }).build();
 * }</pre>
 *
 * @since 0.1
 */
public interface ServerListener {
  /** The server starts serving {@code session}. */
  default void sessionStarted(Session session) {}

  /** The server has stopped serving {@code session} (it ended, or the server shut down). */
  default void sessionEnded(Session session) {}

  /** A call to {@code selector} (in canonical form) starts, after its header was read. */
  default void callStarted(Session session, String selector) {}

  /**
   * A call has ended. {@code selector} is empty for a call that failed before its header was read.
   */
  default void callEnded(Session session, String selector, CallOutcome outcome, Duration duration) {}
}
