package dev.qtalk.quic;

import dev.qtalk.Option;
import java.security.cert.X509Certificate;

/**
 * Options of the {@code quic} transport, beside {@link dev.qtalk.StandardOptions}. Of those, QUIC
 * honours {@code WINDOW_SIZE} (each stream's receive window), {@code ACCEPT_BACKLOG} (further
 * streams are reset), {@code MAX_CHANNELS} (streams the peer may have open at once: its further
 * opens wait for one to end), {@code ACCEPT_TIMEOUT}, {@code
 * CONNECT_TIMEOUT}, {@code OPEN_TIMEOUT}, {@code IDLE_TIMEOUT} and the three {@code TLS_*} options.
 *
 * @since 0.1
 */
public final class QuicOptions {
  private QuicOptions() {}

  /** The ALPN protocol both sides must agree on; qtalk-go's {@code x/quic} uses the default. */
  public static final Option<String> ALPN =
      Option.of("quicAlpn", String.class, "qtalk-quic", s -> !s.isEmpty() && s.length() < 256, "1 to 255 characters");

  /**
   * Trust exactly this server certificate (compared byte for byte) instead of a trust store; host
   * names are then not checked. Ignored when {@link dev.qtalk.StandardOptions#TLS_INSECURE} is set.
   */
  public static final Option<X509Certificate> PINNED_CERTIFICATE =
      Option.of("quicPinnedCertificate", X509Certificate.class, null);

  /**
   * How many unread bytes all the streams of one connection may hold together: the connection
   * receive window offered to the peer.
   */
  public static final Option<Long> CONNECTION_WINDOW =
      Option.of("quicConnectionWindow", Long.class, 32L * 1024 * 1024, v -> v > 0, "> 0");

  /**
   * How many bytes one channel's writer may hand to the QUIC stack that it has not yet accepted
   * (the peer's window decides when it does); {@code write} blocks beyond it. Unset, it is the
   * smaller of 512 KiB and {@code WINDOW_SIZE} (at least 64 KiB).
   */
  public static final Option<Integer> WRITE_BUFFER =
      Option.of("quicWriteBuffer", Integer.class, 512 * 1024, v -> v > 0, "> 0");

  /** How many connections the listener holds that {@code accept()} has not yet taken. */
  public static final Option<Integer> LISTEN_BACKLOG =
      Option.of("quicListenBacklog", Integer.class, 128, v -> v > 0, "> 0");

  /** Size of the UDP socket's send and receive buffers; small ones drop packets on loopback. */
  public static final Option<Integer> SOCKET_BUFFER =
      Option.of("quicSocketBuffer", Integer.class, 4 * 1024 * 1024, v -> v > 0, "> 0");
}
