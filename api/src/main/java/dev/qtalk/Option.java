package dev.qtalk;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A typed, validated setting for a session or listener, used as a key in {@link Options}. The
 * standard ones are in {@link StandardOptions}; a transport may define its own.
 *
 * @param <T> the value's type
 */
public final class Option<T> {
  private final String name;
  private final Class<T> type;
  private final T defaultValue;
  private final Predicate<? super T> check;
  private final String expected;

  private Option(
      String name, Class<T> type, T defaultValue, Predicate<? super T> check, String expected) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.check = Objects.requireNonNull(check, "check");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.defaultValue = defaultValue == null ? null : validate(defaultValue);
  }

  /**
   * Creates an option.
   *
   * @param defaultValue the value when none is set; may be null for "not set"
   * @param check accepts the valid values
   * @param expected what a valid value is, for error messages ("> 0")
   */
  public static <T> Option<T> of(
      String name, Class<T> type, T defaultValue, Predicate<? super T> check, String expected) {
    return new Option<>(name, type, defaultValue, check, expected);
  }

  /** An option that takes any non-null value of its type. */
  public static <T> Option<T> of(String name, Class<T> type, T defaultValue) {
    return new Option<>(name, type, defaultValue, v -> true, "any " + type.getSimpleName());
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  /** The value used when none is set; null means the option is off or absent. */
  public T defaultValue() {
    return defaultValue;
  }

  /**
   * Returns {@code value} if it is valid.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public T validate(Object value) {
    Objects.requireNonNull(value, name);
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: a " + type.getSimpleName() + ")");
    }
    T typed = type.cast(value);
    if (!check.test(typed)) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: " + expected + ")");
    }
    return typed;
  }

  @Override
  public String toString() {
    return name;
  }
}
