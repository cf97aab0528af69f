package dev.qtalk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An immutable set of validated {@link Option} values. Unset options read as their default. */
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
