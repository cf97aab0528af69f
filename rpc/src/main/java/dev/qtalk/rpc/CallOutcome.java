package dev.qtalk.rpc;

/**
 * How a call ended, for {@link RpcListener} and the {@code dev.qtalk.rpc.Call} JFR event.
 *
 * @since 0.1
 */
public enum CallOutcome {
  /** Answered with a value (or continued and then ended). */
  OK,
  /** Answered with an error: the handler's, a thrown exception's, or "not found". */
  ERROR,
  /** Cancelled: the caller cancelled, hung up or passed its deadline, or the server stopped now. */
  CANCELLED,
  /** Refused because the server is shutting down. */
  REFUSED,
  /** The channel or session failed, or the caller sent a malformed call. */
  FAILED
}
