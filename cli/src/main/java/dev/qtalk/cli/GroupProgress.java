package dev.qtalk.cli;

import java.io.PrintStream;

/**
 * Folds the TCK runner's per-rule lines ({@code PASS  CR-3 title}) into one line per rule group
 * ({@code CR   9 pass  0 fail  1 skip}); failures and every other line are printed as they come.
 */
final class GroupProgress {
  private final PrintStream out;
  private final boolean verbose;
  private String group;
  private int pass;
  private int fail;
  private int skip;

  GroupProgress(PrintStream out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  void line(String line) {
    String[] parts = line.split("\\s+", 3);
    String status = parts[0];
    if (parts.length < 2 || !(status.equals("PASS") || status.equals("FAIL") || status.equals("SKIP"))) {
      flush();
      if (!line.isBlank()) {
        out.println(line);
      }
      return;
    }
    String rule = parts[1];
    int dash = rule.lastIndexOf('-');
    String g = dash > 0 ? rule.substring(0, dash) : rule;
    if (!g.equals(group)) {
      flush();
      group = g;
    }
    switch (status) {
      case "PASS" -> pass++;
      case "FAIL" -> fail++;
      default -> skip++;
    }
    if (verbose || status.equals("FAIL")) {
      out.println("  " + line);
    }
  }

  /** Prints the group in progress, if any. */
  void finish() {
    flush();
  }

  private void flush() {
    if (group != null) {
      out.printf("%-6s %3d pass %3d fail %3d skip%n", group, pass, fail, skip);
      out.flush();
    }
    group = null;
    pass = 0;
    fail = 0;
    skip = 0;
  }
}
