package dev.qtalk;

/**
 * No available transport handles a URI's scheme; the message says what to add and why others declined.
 *
 * @since 0.1
 */
public class TransportNotFoundException extends QtalkException {
  public TransportNotFoundException(String message) {
    super(message);
  }
}
