package dev.qtalk;

/**
 * The peer aborted the channel; unread data may have been lost.
 *
 * @since 0.1
 */
public class ChannelResetException extends ChannelClosedException {
  private final long code;

  public ChannelResetException(String message, long code) {
    super(message);
    this.code = code;
  }

  /** The transport's reset code (0 where the transport has none). */
  public long code() {
    return code;
  }
}
