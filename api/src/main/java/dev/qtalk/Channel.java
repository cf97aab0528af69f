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
 * <h2>Blocked calls and how they end</h2>
 *
 * <ul>
 *   <li>A timeout ({@link #readTimeout(Duration)}, {@link #writeTimeout(Duration)}) or an interrupt
 *       fails only the call it hits, with {@link DeadlineExceededException} or {@link
 *       java.io.InterruptedIOException} (the interrupt flag restored). The channel stays usable,
 *       and no byte and no flow-control credit is lost: a write's bytes counted in its buffer's
 *       position were sent, the others were not.
 *   <li>A local {@link #close()} or {@link #abort()} releases this channel's blocked read (which
 *       returns -1 or throws {@link ChannelClosedException}) and blocked write (which throws
 *       {@link ChannelClosedException}) promptly; it never waits for them.
 *   <li>After the peer's {@code closeWrite()} or {@code close()}, {@link #read} returns the bytes it
 *       sent and then -1, every time it is called (or throws {@link ChannelClosedException} if the
 *       channel is closed here). After the peer's {@code close()}, {@link #write} throws {@link
 *       ChannelClosedException} (once the transport knows; bytes written before may be lost). After
 *       the peer's {@link #abort()}, where the transport can reset, {@link #read} throws {@link
 *       ChannelResetException}.
 *   <li>When the session ends, blocked and later calls throw {@link SessionClosedException} or
 *       {@link ChannelClosedException}, except that bytes received before an orderly end are still
 *       read, followed by -1.
 * </ul>
 *
 * <p>{@link #isOpen()} is true until the channel is closed here, aborted on either side, reset by
 * the peer, or its session ends; a half-close in either direction leaves it true.
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
   * back. Later writes fail with {@link ChannelClosedException}; reads go on, and {@link #isOpen()}
   * stays true. Idempotent.
   */
  void closeWrite() throws IOException;

  /**
   * Closes both directions in an orderly way: bytes already written are delivered before the
   * peer's end of stream. Releases this channel's blocked read and write (see the class comment).
   * Later reads and writes here throw {@link ChannelClosedException}; {@link #isOpen()} is false.
   * Idempotent; never blocks on the peer.
   */
  @Override
  void close() throws IOException;

  /**
   * Ends the channel at once, discarding unsent data where the transport can reset a stream.
   * Transports that cannot reset close it instead. Never throws.
   */
  void abort();

  /**
   * How long one {@link #read} may block; {@link Duration#ZERO} (the default) means no limit (for
   * these settings, unlike {@link Session#accept(Duration)}, zero is "no limit"). Each channel has
   * its own timeouts, and each call its own deadline.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws NullPointerException if it is null
   */
  void readTimeout(Duration timeout);

  Duration readTimeout();

  /**
   * How long one {@link #write} may block; {@link Duration#ZERO} (the default) means no limit.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws NullPointerException if it is null
   */
  void writeTimeout(Duration timeout);

  Duration writeTimeout();
}
