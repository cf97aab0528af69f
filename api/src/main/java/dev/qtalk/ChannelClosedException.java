package dev.qtalk;

/**
 * The channel (or its write side, after a half-close) is closed.
 *
 * @since 0.1
 */
public class ChannelClosedException extends QtalkException {
  public ChannelClosedException(String message) {
    super(message);
  }

  public ChannelClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
