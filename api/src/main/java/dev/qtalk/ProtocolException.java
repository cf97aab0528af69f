package dev.qtalk;

/** The peer broke the wire protocol; the session has been ended. */
public class ProtocolException extends QtalkException {
  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
