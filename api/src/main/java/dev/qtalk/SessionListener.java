package dev.qtalk;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.URI;

/**
 * Accepts sessions from peers, as a server socket accepts connections.
 *
 * @since 0.1
 */
public interface SessionListener extends Closeable {

  /**
   * Waits without limit for the next peer and returns its session, with any handshake done.
   *
   * @throws SessionClosedException once the listener is closed, also for a call blocked in it
   *     when {@link #close()} is called (it is released promptly)
   */
  Session accept() throws IOException;

  /** The bound address (with the real port when port 0 was asked for). */
  SocketAddress localAddress();

  /** A URI that peers can connect to, with the real port when port 0 was asked for. */
  URI uri();

  /**
   * Stops listening and releases a blocked {@link #accept()}; sessions already accepted stay open.
   * Idempotent.
   */
  @Override
  void close();
}
