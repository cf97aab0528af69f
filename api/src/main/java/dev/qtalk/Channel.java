package dev.qtalk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.time.Duration;

/**
 * One ordered, flow-controlled, bidirectional byte stream within a {@link Session}.
 *
 * <p>Reads and writes block; they are cheap on virtual threads. One reader and one writer may use a
 * channel at the same time; a write is atomic with respect to other writes on the same channel.
 *
 * @since 0.1
 */
public interface Channel extends ByteChannel {

  /** This side's identifier for the channel (the peer may know it by another number). */
  long id();

  /** The session that carries this channel. */
  Session session();

  /**
   * Reads at least one byte into {@code dst} (blocking until some arrive), or returns -1 once the
   * peer has half-closed or closed and every byte it sent has been read. Returns 0 only when
   * {@code dst} has no room.
   *
   * @throws DeadlineExceededException if the read timeout passed first; the channel stays usable
   * @throws ChannelResetException if the peer aborted the channel
   */
  @Override
  int read(ByteBuffer dst) throws IOException;

  /**
   * Writes every remaining byte of {@code src}, blocking while the peer's window is full.
   *
   * @throws ChannelClosedException after {@link #closeWrite()} or once the channel is closed
   * @throws DeadlineExceededException if the write timeout passed first; bytes already counted in
   *     the buffer's position were sent
   */
  @Override
  int write(ByteBuffer src) throws IOException;

  /** A blocking stream view of {@link #read}; closing it closes the channel. */
  default InputStream inputStream() {
    return new ChannelInputStream(this);
  }

  /** A blocking stream view of {@link #write}; closing it half-closes the channel. */
  default OutputStream outputStream() {
    return new ChannelOutputStream(this);
  }

  /**
   * Half-closes: the peer reads end-of-stream after every byte written so far, and can still write
   * back. Later writes fail. Idempotent.
   */
  void closeWrite() throws IOException;

  /** Closes both directions in an orderly way. Idempotent; never blocks on the peer. */
  @Override
  void close() throws IOException;

  /**
   * Ends the channel at once, discarding unsent data where the transport can reset a stream.
   * Transports that cannot reset close it instead. Never throws.
   */
  void abort();

  /** How long one {@link #read} may block; {@link Duration#ZERO} (the default) means no limit. */
  void readTimeout(Duration timeout);

  Duration readTimeout();

  /** How long one {@link #write} may block; {@link Duration#ZERO} (the default) means no limit. */
  void writeTimeout(Duration timeout);

  Duration writeTimeout();
}
