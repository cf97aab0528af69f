package dev.qtalk.tck;

/**
 * What a transport can do beyond the required rules. A rule that needs a capability the transport
 * does not declare is reported as skipped, with the missing capability as the reason, never as
 * passed.
 *
 * @since 0.1
 */
public enum Capability {
  /** {@code closeWrite()} sends end-of-stream while the other direction stays open. */
  HALF_CLOSE,
  /** {@code abort()} resets the stream, and the peer sees {@link dev.qtalk.ChannelResetException}. */
  RESET,
  /** The transport honours {@link dev.qtalk.StandardOptions#WINDOW_SIZE}, so small windows can be tested. */
  CONFIGURABLE_WINDOW,
  /** The transport honours {@link dev.qtalk.StandardOptions#MAX_PACKET_SIZE} (small packets can be tested). */
  CONFIGURABLE_MAX_PACKET,
  /** The transport honours {@link dev.qtalk.StandardOptions#ACCEPT_BACKLOG}: unaccepted opens are bounded. */
  CONFIGURABLE_BACKLOG,
  /** The transport honours {@link dev.qtalk.StandardOptions#MAX_CHANNELS}: opens past it are refused. */
  MAX_CHANNELS,
  /**
   * The transport has a wire format of its own that a scripted peer can break; the test class
   * overrides {@link TransportTck#rawPeer(dev.qtalk.Options)} to hand the kit the raw byte stream.
   */
  WIRE_FORMAT,
  /**
   * The test class overrides {@link TransportTck#listen(dev.qtalk.Options)} (and, if connecting
   * needs more than {@code Transports.connect(listener.uri(), options)}, {@link
   * TransportTck#dial}), so the listener rules can run.
   */
  LISTENER,
  /**
   * The transport runs over TCP and the test class overrides {@link TransportTck#connectThrough},
   * so the kit can put a TCP proxy between the pair (rules PX-*: cut, reset, stall, slow).
   */
  TCP_PROXY,
  /** As {@link #TCP_PROXY}, for a transport over UDP (QUIC): the kit's proxy forwards datagrams. */
  UDP_PROXY,
  /**
   * The transport honours {@link dev.qtalk.StandardOptions#KEEPALIVE_INTERVAL} and {@link
   * dev.qtalk.StandardOptions#KEEPALIVE_TIMEOUT}: a peer that stops answering ends the session
   * within their sum (rule PX-4, with a proxy).
   */
  KEEPALIVE,
}
