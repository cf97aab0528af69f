package dev.qtalk;

/**
 * An option was given to a transport that does not support it, or a text option's name matches no
 * option the transport supports. Thrown before any connection is made.
 *
 * @since 0.1
 */
public final class UnsupportedOptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String option;

  public UnsupportedOptionException(String option, String message) {
    super(message);
    this.option = option;
  }

  /** The name of the option, as it was given. */
  public String option() {
    return option;
  }
}
