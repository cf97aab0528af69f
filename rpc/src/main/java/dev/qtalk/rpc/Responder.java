package dev.qtalk.rpc;

import dev.qtalk.Channel;
import java.io.IOException;

/**
 * How a handler answers its call: exactly one of reply, error or continue, then sends if continued.
 *
 * @since 0.1
 */
public interface Responder {

  /**
   * Sends the reply header and one frame per value ({@code null} when there are none), then
   * closes the call. Callers that read one value (JavaScript peers) see the first.
   *
   * @throws IllegalStateException if the call was already answered
   */
  void reply(Object... values) throws IOException;

  /** Answers with an error: the header carries {@code message}, followed by one {@code null}. */
  void error(String message) throws IOException;

  /**
   * Sends the reply header with continue set and one frame per value ({@code null} when there are
   * none), and keeps the call's channel open: both sides may then exchange more values ({@link
   * #send}, {@link Call#receive()}) or raw bytes on the returned channel, until each half-closes.
   */
  Channel continueWith(Object... values) throws IOException;

  /** Sends one more value after {@link #continueWith}. */
  void send(Object value) throws IOException;

  /** Whether the call has been answered. */
  boolean responded();
}
