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
   * Waits for the next peer and returns its session.
   *
   * @throws SessionClosedException once the listener is closed
   */
  Session accept() throws IOException;

  /** The bound address (with the real port when port 0 was asked for). */
  SocketAddress localAddress();

  /** A URI that peers can connect to, with the real port when port 0 was asked for. */
  URI uri();

  /** Stops listening; sessions already accepted stay open. Idempotent. */
  @Override
  void close();
}
