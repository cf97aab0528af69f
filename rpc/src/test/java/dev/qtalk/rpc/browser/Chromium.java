package dev.qtalk.rpc.browser;

import dev.qtalk.rpc.Tools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs interop/browser/drive.mjs: a real headless Chromium (Debian's {@code chromium}, through npm
 * {@code playwright-core}) opening a page and reporting its checks. Where Chromium or Node is
 * missing the test is skipped with a message naming it, unless {@code CI=true}: then it fails.
 */
final class Chromium {
  static final Path DIR = Path.of("..", "interop", "browser").toAbsolutePath().normalize();
  static final Path PAGE = DIR.resolve("dist");
  static final int CANNOT_START = 77;

  private Chromium() {}

  /** The lines the driver printed, its exit code, and what they say. */
  record Report(int exitCode, List<String> lines) {
    /** "ok"/"FAIL" per check name. */
    Map<String, String> checks() {
      Map<String, String> m = new LinkedHashMap<>();
      for (String l : lines) {
        if (l.startsWith("ok ") || l.startsWith("FAIL ")) {
          String rest = l.substring(l.indexOf(' ') + 1);
          int quote = rest.lastIndexOf(" \"");
          m.put(quote < 0 ? rest : rest.substring(0, quote), l.startsWith("ok ") ? "ok" : "FAIL");
        }
      }
      return m;
    }

    Map<String, String> figures() {
      Map<String, String> m = new LinkedHashMap<>();
      for (String l : lines) {
        if (l.startsWith("FIGURE ")) {
          String rest = l.substring(7);
          int space = rest.lastIndexOf(' ');
          m.put(rest.substring(0, space), rest.substring(space + 1));
        }
      }
      return m;
    }
  }

  /** Checks that node, the driver's npm packages and the bundled page are there. */
  static void assumeReady() {
    Tools.requireNode();
    if (!Files.isDirectory(DIR.resolve("node_modules/playwright-core"))
        || !Files.isRegularFile(PAGE.resolve("app.js"))) {
      throw new IllegalStateException(
          DIR + " has no node_modules or no bundled page (dist/app.js): run npm ci and node bundle.mjs there"
              + " (the rpc build does both in process-test-resources)");
    }
  }

  /** Opens {@code url}, saves a screenshot, and returns the driver's report. */
  static Report open(String url, Path screenshot, Path ca) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("node", DIR.resolve("drive.mjs").toString(), "--url", url, "--timeout", "150"));
    if (screenshot != null) {
      Files.createDirectories(screenshot.getParent());
      cmd.addAll(List.of("--screenshot", screenshot.toString()));
    }
    if (ca != null) {
      cmd.addAll(List.of("--ca", ca.toString()));
    }
    Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l = out.readLine(); l != null; l = out.readLine()) {
        System.out.println("chromium: " + l);
        lines.add(l);
      }
    }
    if (!p.waitFor(200, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the Chromium driver did not exit; it printed " + lines);
    }
    if (p.exitValue() == CANNOT_START) {
      Tools.require(false, lines.isEmpty() ? "chromium cannot start" : lines.get(lines.size() - 1));
    }
    return new Report(p.exitValue(), lines);
  }
}
