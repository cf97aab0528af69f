package dev.qtalk;

import java.io.IOException;

/**
 * The root of qtalk's own errors. Backend exceptions appear as causes, never as the thrown type.
 *
 * @since 0.1
 */
public class QtalkException extends IOException {
  public QtalkException(String message) {
    super(message);
  }

  public QtalkException(String message, Throwable cause) {
    super(message, cause);
  }
}
