package dev.qtalk;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An immutable set of validated {@link Option} values. Unset options read as their default.
 *
 * @since 0.1
 */
public final class Options {
  private static final Options DEFAULTS = new Options(Map.of());

  private final Map<Option<?>, Object> values;

  private Options(Map<Option<?>, Object> values) {
    this.values = values;
  }

  /** No option set: every option reads as its default. */
  public static Options defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder(Map.of());
  }

  /** Shorthand for a set of one option. */
  public static <T> Options of(Option<T> option, T value) {
    return builder().set(option, value).build();
  }

  /**
   * The options that {@code text} names, read from their text form (see {@link
   * Option#parse(String)}). Names match an option's name or alias, ignoring case.
   *
   * @param supported the options a name may stand for, such as {@link
   *     dev.qtalk.spi.TransportProvider#supportedOptions()}
   * @throws UnsupportedOptionException if a name matches none of {@code supported}
   * @throws IllegalArgumentException if a value does not parse or is not valid
   */
  public static Options parse(Map<String, String> text, Collection<? extends Option<?>> supported) {
    return parse(text, supported, "");
  }

  static Options parse(Map<String, String> text, Collection<? extends Option<?>> supported, String where) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(supported, "supported");
    Builder b = builder();
    text.forEach((name, value) -> b.parse(find(name, supported, where), value));
    return b.build();
  }

  /** The option in {@code supported} that {@code name} names. */
  static Option<?> find(String name, Collection<? extends Option<?>> supported, String where) {
    Objects.requireNonNull(name, "name");
    for (Option<?> o : supported) {
      if (o.isNamed(name)) {
        return o;
      }
    }
    throw new UnsupportedOptionException(name, "unsupported option '" + name + "'" + where
        + " (expected one of: " + names(supported) + ")");
  }

  static String names(Collection<? extends Option<?>> options) {
    StringJoiner j = new StringJoiner(", ");
    for (Option<?> o : options) {
      j.add(o.aliases().isEmpty() ? o.name() : o.name() + " (" + String.join(", ", o.aliases()) + ")");
    }
    return j.length() == 0 ? "none" : j.toString();
  }

  /** The value set for {@code option}, or its default. */
  public <T> T get(Option<T> option) {
    Object value = values.get(Objects.requireNonNull(option, "option"));
    return value == null ? option.defaultValue() : option.type().cast(value);
  }

  /** Whether {@code option} was set explicitly. */
  public boolean isSet(Option<?> option) {
    return values.containsKey(option);
  }

  /** The explicitly set values, in the order they were set. */
  public Map<Option<?>, Object> asMap() {
    return Collections.unmodifiableMap(values);
  }

  public Builder toBuilder() {
    return new Builder(values);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Options{");
    values.forEach((k, v) -> b.append(b.length() > 8 ? ", " : "").append(k).append('=').append(v));
    return b.append('}').toString();
  }

  /** Collects option values, validating each as it is set. */
  public static final class Builder {
    private final Map<Option<?>, Object> values;

    private Builder(Map<Option<?>, Object> initial) {
      this.values = new LinkedHashMap<>(initial);
    }

    /**
     * Sets an option.
     *
     * @throws IllegalArgumentException if the value is not valid for the option
     */
    public <T> Builder set(Option<T> option, T value) {
      Objects.requireNonNull(option, "option");
      values.put(option, option.validate(value));
      return this;
    }

    /**
     * Sets an option from its text form.
     *
     * @throws IllegalArgumentException if the text does not parse or the value is not valid
     */
    public Builder parse(Option<?> option, String text) {
      Objects.requireNonNull(option, "option");
      values.put(option, option.parse(text));
      return this;
    }

    /** Sets every option set in {@code other}, overriding what was set here. */
    public Builder setAll(Options other) {
      values.putAll(other.values);
      return this;
    }

    public Options build() {
      return new Options(new LinkedHashMap<>(values));
    }
  }
}
