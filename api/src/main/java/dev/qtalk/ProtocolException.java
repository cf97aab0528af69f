package dev.qtalk;

/**
 * The peer broke the wire protocol; the session has been ended.
 *
 * @since 0.1
 */
public class ProtocolException extends QtalkException {
  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
