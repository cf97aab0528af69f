package dev.qtalk.qmux.internal;

import dev.qtalk.PeerIdentity;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ScatteringByteChannel;
import java.util.Optional;

/** The byte stream a qmux session runs on: TCP, TLS, a unix socket, stdio, WebSocket or memory. */
public interface Connection extends Closeable {

  /** The incoming bytes, unbuffered (the session reads in large slabs); messages may arrive split or merged in any way. */
  InputStream input();

  /**
   * The same incoming bytes as {@link #input()}, as a channel that reads into direct buffers with
   * no copy in between (a socket channel), or null where there is none. The session reads large
   * payloads through it (with what follows each, in a scattering read) and everything else
   * through {@link #input()}, one read at a time.
   */
  default ScatteringByteChannel directInput() {
    return null;
  }

  /**
   * Sends one whole encoded message (a WebSocket connection sends it as one binary frame). Called
   * under the session's write lock, so never concurrently.
   */
  void write(byte[] message) throws IOException;

  /**
   * Sends a batch of whole encoded messages, back to back, from {@code batch}'s position to its
   * limit. Called by the session's one writer thread only. The default sends each message with
   * {@link #write(byte[])}; a byte stream writes the batch in one piece.
   */
  default void write(ByteBuffer batch) throws IOException {
    while (batch.hasRemaining()) {
      byte[] message = new byte[messageSize(batch, batch.position())];
      batch.get(message);
      write(message);
    }
  }

  /**
   * Sends whole encoded messages laid out back to back across {@code parts}, in order; a message
   * may span parts. Called by the session's one writer thread only. The default joins the parts
   * and calls {@link #write(ByteBuffer)}; a byte stream writes them as they are.
   */
  default void write(ByteBuffer[] parts) throws IOException {
    if (parts.length == 1) {
      write(parts[0]);
      return;
    }
    int total = 0;
    for (ByteBuffer p : parts) {
      total += p.remaining();
    }
    ByteBuffer joined = ByteBuffer.allocate(total);
    for (ByteBuffer p : parts) {
      joined.put(p);
    }
    write(joined.flip());
  }

  /** The size of the whole encoded message that starts at {@code at} in {@code batch}. */
  static int messageSize(ByteBuffer batch, int at) throws IOException {
    int type = batch.get(at) & 0xff;
    int size = 1 + MessageCodec.bodySize(type);
    return type == Message.DATA ? size + batch.getInt(at + 5) : size;
  }

  /** Whether batches should be direct buffers (a socket channel writes them without a copy). */
  default boolean directBuffers() {
    return false;
  }

  /** Who the peer proved to be (a TLS certificate, say), for {@code Session.peerIdentity()}. */
  default Optional<PeerIdentity> peerIdentity() {
    return Optional.empty();
  }

  SocketAddress localAddress();

  SocketAddress remoteAddress();

  /**
   * Ends the outgoing direction after everything written, while reading goes on: the last step of
   * an orderly close, so that what the peer still sends meanwhile is read rather than answered with
   * a reset that would discard our last messages on its side. The default closes both directions.
   */
  default void shutdownOutput() throws IOException {
    close();
  }

  /** Closes both directions; a read blocked in {@link #input()} should end. Idempotent. */
  @Override
  void close() throws IOException;
}
