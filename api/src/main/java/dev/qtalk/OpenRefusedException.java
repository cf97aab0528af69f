package dev.qtalk;

/**
 * The peer refused to open a channel (its backlog was full, or it does not accept channels).
 *
 * @since 0.1
 */
public class OpenRefusedException extends QtalkException {
  public OpenRefusedException(String message) {
    super(message);
  }
}
