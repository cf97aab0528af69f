package dev.qtalk.rpc;

/**
 * Answers calls. A handler reads the argument from the {@link Call} and answers through the {@link
 * Responder}; if it returns without answering, the caller gets {@code null}; if it throws, the
 * caller gets the exception's message as a remote error. The call ends (its channel is closed)
 * when the handler returns, so a handler that {@linkplain Responder#continueWith continues} keeps
 * running while it streams.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Handler {
  void respond(Responder responder, Call call) throws Exception;
}
