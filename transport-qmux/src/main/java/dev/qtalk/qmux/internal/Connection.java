package dev.qtalk.qmux.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;

/** The byte stream a qmux session runs on: TCP, TLS, a unix socket, stdio, WebSocket or memory. */
public interface Connection extends Closeable {

  /** The incoming bytes; messages may arrive split or merged in any way. */
  InputStream input();

  /**
   * Sends one whole encoded message (a WebSocket connection sends it as one binary frame). Called
   * under the session's write lock, so never concurrently.
   */
  void write(byte[] message) throws IOException;

  SocketAddress localAddress();

  SocketAddress remoteAddress();

  /** Closes both directions; a read blocked in {@link #input()} should end. Idempotent. */
  @Override
  void close() throws IOException;
}
