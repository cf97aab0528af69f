package dev.qtalk;

/**
 * Running totals of one session, for metrics: see {@link Session#stats()}. Each is read without
 * locking and may lag a concurrent update slightly.
 *
 * @since 0.1
 */
public interface SessionStats {
  /** Bytes received from the connection, framing included. */
  long bytesReceived();

  /** Bytes handed to the connection, framing included. */
  long bytesSent();

  /** Channels this side opened successfully. */
  long channelsOpened();

  /** Channels the peer opened that this side accepted. */
  long channelsAccepted();

  /** Channels the peer opened that were refused or expired unaccepted (a full backlog, say). */
  long channelsRefused();

  /**
   * Messages from the peer that were dropped because they addressed a channel that had already
   * ended here (qmux messages for an unknown or finished channel; QUIC stream data or SSH channel
   * data that arrived after the channel was closed here).
   */
  long droppedMessages();
}
