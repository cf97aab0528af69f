package dev.qtalk;

/**
 * Turns the text form of an option's value (a URI query parameter, a {@code -o key=value}) into
 * the value. Any exception it throws is reported as an {@link IllegalArgumentException} that names
 * the option and what was expected, with the exception as its cause.
 *
 * @param <T> the value's type
 * @since 0.1
 */
@FunctionalInterface
public interface OptionParser<T> {
  /** The value {@code text} stands for. */
  T parse(String text) throws Exception;
}
