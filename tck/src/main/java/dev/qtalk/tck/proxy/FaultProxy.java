package dev.qtalk.tck.proxy;

import java.io.Closeable;
import java.net.InetSocketAddress;

/**
 * A proxy on loopback between a pair of sessions, which the kit's PX rules use to cut, reset,
 * stall or slow the path. It binds port 0 and says where the client must connect.
 *
 * @since 0.1
 */
public interface FaultProxy extends Closeable {
  /** Where the client connects instead of the server (127.0.0.1 and the port the proxy got). */
  InetSocketAddress address();

  /** How the path behaves from now on. */
  void link(Link link);

  /** Ends every connection in an orderly way (TCP: FIN both ways); datagram proxies drop all. */
  void cut();

  /** Ends every connection abruptly (TCP: RST both ways); datagram proxies drop all. */
  void reset();

  /** Bytes (or datagram payload bytes) forwarded so far, both ways. */
  long forwarded();

  /** Stops the proxy and ends its connections. Idempotent. */
  @Override
  void close();
}
