package dev.qtalk.tck.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link CertificationReport} as Markdown and as JSON.
 *
 * @since 0.1
 */
public final class ReportWriter {
  private ReportWriter() {}

  /** Writes {@code <dir>/<transport>.md} and {@code <dir>/<transport>.json}; returns the Markdown path. */
  public static Path write(CertificationReport report, Path dir) throws IOException {
    Files.createDirectories(dir);
    String base = report.transport().replaceAll("[^A-Za-z0-9_.+-]", "_");
    Files.writeString(dir.resolve(base + ".json"), json(report));
    Path md = dir.resolve(base + ".md");
    Files.writeString(md, markdown(report));
    return md;
  }

  public static String markdown(CertificationReport r) {
    StringBuilder b = new StringBuilder();
    b.append("# qtalk TCK certification: ").append(r.transport()).append("\n\n");
    String partial = r.environment().get("partialRun");
    b.append("**Result: ")
        .append(
            partial != null
                ? "PARTIAL RUN of " + partial + " (not a certification): " + (r.certified() ? "passed" : "FAILED")
                : r.certified() ? "CERTIFIED" : "NOT CERTIFIED")
        .append("** (required rules passed: ")
        .append(r.requiredSummary())
        .append("; ")
        .append(r.count(RuleResult.Status.PASS))
        .append(" pass, ")
        .append(r.count(RuleResult.Status.FAIL))
        .append(" fail, ")
        .append(r.count(RuleResult.Status.SKIP))
        .append(" skip)\n\n");
    b.append("- Capabilities: ").append(r.capabilities()).append('\n');
    b.append("- Started: ").append(r.started()).append("\n\n");
    b.append("## Environment\n\n| key | value |\n|---|---|\n");
    new TreeMap<>(r.environment()).forEach((k, v) -> b.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
    b.append("\n## Rules\n\n| rule | kind | result | ms | title | reason / first message | notes |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (RuleResult x : r.results()) {
      b.append("| ").append(x.rule())
          .append(" | ").append(x.kind().name().toLowerCase())
          .append(" | ").append(x.status())
          .append(" | ").append(x.millis())
          .append(" | ").append(cell(x.title()))
          .append(" | ").append(cell(x.reason()))
          .append(" | ").append(cell(notes(x.notes())))
          .append(" |\n");
    }
    return b.toString();
  }

  public static String json(CertificationReport r) {
    StringBuilder b = new StringBuilder("{\n");
    field(b, "transport", r.transport()).append(",\n");
    field(b, "certified", r.certified()).append(",\n");
    field(b, "requiredPassed", r.requiredSummary()).append(",\n");
    field(b, "capabilities", r.capabilities()).append(",\n");
    field(b, "started", r.started().toString()).append(",\n");
    b.append("  \"environment\": {");
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(r.environment()).entrySet()) {
      b.append(first ? "\n    " : ",\n    ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
      first = false;
    }
    b.append("\n  },\n  \"rules\": [");
    first = true;
    for (RuleResult x : r.results()) {
      b.append(first ? "\n" : ",\n").append("    {");
      b.append("\"rule\": ").append(quote(x.rule()));
      b.append(", \"kind\": ").append(quote(x.kind().name().toLowerCase()));
      b.append(", \"status\": ").append(quote(x.status().name()));
      b.append(", \"millis\": ").append(x.millis());
      b.append(", \"suite\": ").append(quote(x.suite()));
      b.append(", \"title\": ").append(quote(x.title()));
      b.append(", \"reason\": ").append(quote(x.reason()));
      b.append(", \"notes\": {");
      boolean firstNote = true;
      for (Map.Entry<String, String> n : new TreeMap<>(x.notes()).entrySet()) {
        b.append(firstNote ? "" : ", ").append(quote(n.getKey())).append(": ").append(quote(n.getValue()));
        firstNote = false;
      }
      b.append("}}");
      first = false;
    }
    return b.append("\n  ]\n}\n").toString();
  }

  private static StringBuilder field(StringBuilder b, String name, Object value) {
    b.append("  ").append(quote(name)).append(": ");
    return value instanceof Boolean ? b.append(value) : b.append(quote(String.valueOf(value)));
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static String notes(Map<String, String> notes) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(notes).forEach((k, v) -> b.append(b.isEmpty() ? "" : "; ").append(k).append('=').append(v));
    return b.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
