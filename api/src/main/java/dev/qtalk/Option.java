package dev.qtalk;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A typed, validated setting for a session or listener, used as a key in {@link Options}. The
 * standard ones are in {@link StandardOptions}; a transport may define its own.
 *
 * <p>Every option has a text form as well, so it can come from a URI query ({@code
 * quic://host:4433?trust=/etc/qtalk/ca.pem}), a command line or a configuration file: see {@link
 * #parse(String)} and {@link Options#parse(java.util.Map, java.util.Collection)}. Integers, longs,
 * booleans, durations ({@code 10s}, {@code 500ms}, ISO-8601 {@code PT10S}), strings, paths, URIs,
 * enums and PEM certificate files parse without help; an option of another type says how with
 * {@link Builder#parser(OptionParser, String)}.
 *
 * @param <T> the value's type
 * @since 0.1
 */
public final class Option<T> {
  private final String name;
  private final List<String> aliases;
  private final Class<T> type;
  private final T defaultValue;
  private final Predicate<? super T> check;
  private final String expected;
  private final OptionParser<T> parser;
  private final String textForm;

  private Option(Builder<T> b) {
    this.name = b.name;
    this.aliases = List.copyOf(b.aliases);
    this.type = b.type;
    this.check = b.check;
    this.expected = b.expected;
    this.parser = b.parser != null ? b.parser : OptionParsers.forType(b.type);
    this.textForm = b.textForm != null ? b.textForm : OptionParsers.describe(b.type);
    this.defaultValue = b.defaultValue == null ? null : validate(b.defaultValue);
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
    return builder(name, type).defaultValue(defaultValue).check(check, expected).build();
  }

  /** An option that takes any non-null value of its type. */
  public static <T> Option<T> of(String name, Class<T> type, T defaultValue) {
    return builder(name, type).defaultValue(defaultValue).build();
  }

  /** Starts an option with more to say than {@link #of}: aliases or a parser for its text form. */
  public static <T> Builder<T> builder(String name, Class<T> type) {
    return new Builder<>(name, type);
  }

  /**
   * The options declared as {@code public static final} fields of {@code holder}, in declaration
   * order: how a transport lists its own options in {@link
   * dev.qtalk.spi.TransportProvider#supportedOptions()} without missing one added later.
   */
  public static List<Option<?>> declaredIn(Class<?> holder) {
    java.util.ArrayList<Option<?>> found = new java.util.ArrayList<>();
    for (java.lang.reflect.Field f : holder.getFields()) {
      int m = f.getModifiers();
      if (java.lang.reflect.Modifier.isStatic(m) && java.lang.reflect.Modifier.isFinal(m)
          && f.getType() == Option.class) {
        try {
          found.add((Option<?>) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalArgumentException(holder.getName() + "." + f.getName()
              + ": not readable (expected: a public constant in an exported package)", e);
        }
      }
    }
    return List.copyOf(found);
  }

  public String name() {
    return name;
  }

  /** Other names its text form may be given under ({@code trust} for {@code tlsTrustManager}). */
  public List<String> aliases() {
    return aliases;
  }

  /** Whether {@code candidate} is this option's name or one of its aliases, ignoring case. */
  public boolean isNamed(String candidate) {
    String c = candidate.toLowerCase(Locale.ROOT);
    if (name.toLowerCase(Locale.ROOT).equals(c)) {
      return true;
    }
    for (String alias : aliases) {
      if (alias.toLowerCase(Locale.ROOT).equals(c)) {
        return true;
      }
    }
    return false;
  }

  public Class<T> type() {
    return type;
  }

  /** The value used when none is set; null means the option is off or absent. */
  public T defaultValue() {
    return defaultValue;
  }

  /** Whether the value can be given as text (see {@link #parse(String)}). */
  public boolean hasTextForm() {
    return parser != null;
  }

  /** How the text form reads ("a duration such as 10s, ..."), for help and error messages. */
  public String textForm() {
    return textForm;
  }

  /**
   * The valid value that {@code text} stands for.
   *
   * @throws IllegalArgumentException naming this option and saying what was expected, if the text
   *     does not parse, the value is not valid, or the option has no text form
   */
  public T parse(String text) {
    Objects.requireNonNull(text, name);
    if (parser == null) {
      throw new IllegalArgumentException(name + ": has no text form (expected: a "
          + type.getSimpleName() + " set with Options.Builder.set)");
    }
    T value;
    try {
      value = parser.parse(text);
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IllegalArgumentException(
          name + ": '" + text + "' (expected: " + textForm + "): " + why, e);
    }
    if (value == null) {
      throw new IllegalArgumentException(name + ": '" + text + "' (expected: " + textForm + ")");
    }
    return validate(value);
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

  /**
   * Describes an option.
   *
   * @param <T> the value's type
   */
  public static final class Builder<T> {
    private final String name;
    private final Class<T> type;
    private final java.util.ArrayList<String> aliases = new java.util.ArrayList<>();
    private T defaultValue;
    private Predicate<? super T> check = v -> true;
    private String expected;
    private OptionParser<T> parser;
    private String textForm;

    private Builder(String name, Class<T> type) {
      this.name = Objects.requireNonNull(name, "name");
      this.type = Objects.requireNonNull(type, "type");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name: blank (expected: a name such as windowSize)");
      }
      this.expected = "any " + type.getSimpleName();
    }

    /** The value when none is set; null (the default) means "not set". */
    public Builder<T> defaultValue(T value) {
      this.defaultValue = value;
      return this;
    }

    /** The valid values, and what they are for error messages ("> 0"). */
    public Builder<T> check(Predicate<? super T> check, String expected) {
      this.check = Objects.requireNonNull(check, "check");
      this.expected = Objects.requireNonNull(expected, "expected");
      return this;
    }

    /** Another name for the text form, e.g. a short one for URI queries. */
    public Builder<T> alias(String alias) {
      Objects.requireNonNull(alias, "alias");
      if (alias.isBlank()) {
        throw new IllegalArgumentException(name + ": blank alias (expected: a name)");
      }
      aliases.add(alias);
      return this;
    }

    /**
     * How to read the value from text, when its type has no standard text form or another is
     * wanted.
     *
     * @param textForm how the text reads, for messages ("a PEM file of CA certificates")
     */
    public Builder<T> parser(OptionParser<T> parser, String textForm) {
      this.parser = Objects.requireNonNull(parser, "parser");
      this.textForm = Objects.requireNonNull(textForm, "textForm");
      return this;
    }

    public Option<T> build() {
      return new Option<>(this);
    }
  }
}
