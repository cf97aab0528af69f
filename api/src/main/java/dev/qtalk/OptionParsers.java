package dev.qtalk;

import dev.qtalk.tls.PemFiles;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text forms of the value types most options have. */
final class OptionParsers {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h|d)");

  private OptionParsers() {}

  /** A parser for {@code type}, or null when it has no standard text form. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T> OptionParser<T> forType(Class<T> type) {
    OptionParser<?> p;
    if (type == String.class) {
      p = text -> text;
    } else if (type == Integer.class) {
      p = text -> Integer.valueOf(text.strip().replace("_", ""));
    } else if (type == Long.class) {
      p = text -> Long.valueOf(text.strip().replace("_", ""));
    } else if (type == Boolean.class) {
      p = OptionParsers::bool;
    } else if (type == Duration.class) {
      p = OptionParsers::duration;
    } else if (type == Path.class) {
      p = text -> Path.of(text.strip());
    } else if (type == URI.class) {
      p = text -> URI.create(text.strip());
    } else if (type == X509Certificate.class) {
      p = text -> PemFiles.certificates(Path.of(text.strip())).get(0);
    } else if (type.isEnum()) {
      p = text -> Enum.valueOf((Class) type, text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } else {
      return null;
    }
    return (OptionParser<T>) p;
  }

  /** How the text form of {@code type} reads, for error messages and help. */
  static String describe(Class<?> type) {
    if (type == Integer.class || type == Long.class) {
      return "an integer";
    } else if (type == Boolean.class) {
      return "true or false";
    } else if (type == Duration.class) {
      return "a duration such as 10s, 500ms, 2m or PT1.5S";
    } else if (type == Path.class) {
      return "a file path";
    } else if (type == X509Certificate.class) {
      return "a PEM certificate file";
    } else if (type.isEnum()) {
      StringBuilder b = new StringBuilder("one of ");
      Object[] constants = type.getEnumConstants();
      for (int i = 0; i < constants.length; i++) {
        b.append(i == 0 ? "" : ", ").append(((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT));
      }
      return b.toString();
    }
    return "a " + type.getSimpleName();
  }

  static Boolean bool(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "true", "" -> Boolean.TRUE; // "" is a bare flag: ?tlsInsecure
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  /** ISO-8601 ({@code PT10S}) or a count and unit: {@code 10s}, {@code 500ms}, {@code 2m}, {@code 0}. */
  static Duration duration(String text) {
    String t = text.strip();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    if (t.regionMatches(true, 0, "P", 0, 1) || t.regionMatches(true, 0, "-P", 0, 2)) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not an ISO-8601 duration", e);
      }
    }
    Matcher m = SHORT_DURATION.matcher(t.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ns" -> Duration.ofNanos(n);
      case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
