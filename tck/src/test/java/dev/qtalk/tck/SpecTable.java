package dev.qtalk.tck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rule tables of tck/SPEC.md, read the way the teeth tests check them. */
public final class SpecTable {
  private static final Pattern ROW = Pattern.compile("^\\| ([A-Z]+-\\d+) \\|.*\\| ([^|]*) \\|$");

  private SpecTable() {}

  /** For each rule id, the broken transports its last column names (without backticks). */
  public static Map<String, List<String>> shownFailingBy() throws IOException {
    Map<String, List<String>> rules = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("SPEC.md"))) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        String cell = m.group(2).replace("`", "").trim();
        rules.put(m.group(1), cell.isEmpty() ? List.of() : Arrays.stream(cell.split(",\\s*")).sorted().toList());
      }
    }
    return rules;
  }
}
