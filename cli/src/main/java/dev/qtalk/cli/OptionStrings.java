package dev.qtalk.cli;

import dev.qtalk.Option;
import dev.qtalk.Options;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManagerFactory;

/**
 * Transport options written as {@code key=value} strings ({@code -o windowSize=4MiB}): finds each
 * key among the public {@link Option} constants of the option classes on the class path and turns
 * the text into the option's type.
 */
final class OptionStrings {
  /** The option holders of this project; a transport missing from the class path is skipped. */
  static final List<String> HOLDERS =
      List.of(
          "dev.qtalk.StandardOptions",
          "dev.qtalk.qmux.QmuxOptions",
          "dev.qtalk.qmux.WebSocketOptions",
          "dev.qtalk.quic.QuicOptions",
          "dev.qtalk.ssh.SshOptions");

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|k|kib|m|mib|g|gib)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

  private OptionStrings() {}

  /** Every option that can be named, by name, with the class that defines it. */
  static Map<String, Known> known() {
    Map<String, Known> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String holder : HOLDERS) {
      Class<?> c;
      try {
        c = Class.forName(holder, true, OptionStrings.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      for (Field f : c.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == Option.class) {
          try {
            Option<?> o = (Option<?>) f.get(null);
            all.putIfAbsent(o.name(), new Known(o, c.getSimpleName()));
          } catch (IllegalAccessException e) {
            // not public after all: not nameable
          }
        }
      }
    }
    return all;
  }

  /** One option and where it is defined. */
  record Known(Option<?> option, String holder) {
    boolean settable() {
      Class<?> t = option.type();
      return t == Integer.class || t == Long.class || t == Boolean.class || t == Duration.class
          || t == String.class || t == Path.class || t.isEnum() || t == X509Certificate.class
          || t == TrustManagerFactory.class;
    }

    String typeHint() {
      Class<?> t = option.type();
      if (t == Integer.class || t == Long.class) {
        return "a number, optionally with KiB/MiB/GiB";
      } else if (t == Duration.class) {
        return "a duration: 500ms, 30s, 2m, 1h or PT30S";
      } else if (t == Boolean.class) {
        return "true or false";
      } else if (t == X509Certificate.class || t == TrustManagerFactory.class) {
        return "a PEM certificate file";
      } else if (t.isEnum()) {
        return String.join(", ", java.util.Arrays.stream(t.getEnumConstants()).map(Object::toString).toList());
      }
      return "a " + t.getSimpleName();
    }
  }

  /**
   * Parses {@code key=value} strings into options on top of {@code base}.
   *
   * @throws IllegalArgumentException naming the key and what was expected
   */
  static Options parse(List<String> pairs, Options base) {
    Map<String, Known> known = known();
    Options.Builder b = base.toBuilder();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("-o " + pair + " (expected: key=value, e.g. -o windowSize=4MiB)");
      }
      String key = pair.substring(0, eq).trim();
      String text = pair.substring(eq + 1).trim();
      Known k = known.get(key);
      if (k == null) {
        throw new IllegalArgumentException(
            "-o " + key + ": no such option (expected one of: " + String.join(", ", known.keySet()) + ")");
      }
      if (!k.settable()) {
        throw new IllegalArgumentException(
            "-o " + key + ": a " + k.option().type().getSimpleName()
                + " cannot be given on the command line (set it from Java)");
      }
      set(b, k.option(), text, k);
    }
    return b.build();
  }

  private static <T> void set(Options.Builder b, Option<T> option, String text, Known k) {
    Object value;
    try {
      value = convert(option.type(), text);
    } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
      String why = e.getCause() == null ? "" : ": " + e.getMessage();
      throw new IllegalArgumentException("-o " + option.name() + "=" + text + why + " (expected: " + k.typeHint() + ")");
    }
    b.set(option, option.type().cast(value));
  }

  private static Object convert(Class<?> type, String text) {
    if (type == Integer.class) {
      return Math.toIntExact(size(text));
    } else if (type == Long.class) {
      return size(text);
    } else if (type == Boolean.class) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException(text);
      };
    } else if (type == Duration.class) {
      return duration(text);
    } else if (type == String.class) {
      return text;
    } else if (type == Path.class) {
      return Path.of(text);
    } else if (type.isEnum()) {
      for (Object c : type.getEnumConstants()) {
        if (((Enum<?>) c).name().equalsIgnoreCase(text)) {
          return c;
        }
      }
      throw new IllegalArgumentException(text);
    } else if (type == X509Certificate.class) {
      return certificate(Path.of(text));
    } else if (type == TrustManagerFactory.class) {
      return trusting(certificate(Path.of(text)));
    }
    throw new IllegalArgumentException(text);
  }

  static long size(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    long n = Long.parseLong(m.group(1));
    int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "" -> 0;
      case "k", "kib" -> 10;
      case "m", "mib" -> 20;
      default -> 30;
    };
    if (Long.numberOfLeadingZeros(n) <= shift) {
      throw new ArithmeticException(text);
    }
    return n << shift;
  }

  static Duration duration(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (text.toUpperCase(Locale.ROOT).startsWith("PT")) {
      return Duration.parse(text);
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static X509Certificate certificate(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("no such file", e);
    } catch (IOException | java.security.GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("not a readable X.509 certificate: " + e.getMessage(), e);
    }
  }

  private static TrustManagerFactory trusting(X509Certificate cert) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("trusted", cert);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return tmf;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
