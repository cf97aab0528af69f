package dev.qtalk.bench;

import dev.qtalk.Options;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.qmux.WebSocketOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One-channel throughput each way between a web page in headless Chromium (npm
 * {@code @progrium/duplex} bundled into interop/browser's page) and a Java {@code qmux+ws}
 * server, next to the Node duplex client running the same code against the same server in the
 * same run, printed as ratios. Needs Node, Debian's {@code chromium} and {@code npm ci} plus
 * {@code node bundle.mjs} done in interop/browser.
 *
 * <pre>
 * java -cp ... dev.qtalk.bench.BrowserThroughput [MiB per transfer (64)] [rounds (5)]
 *   -Dqtalk.browser.dir=interop/browser   where the page and scripts are
 * </pre>
 */
public final class BrowserThroughput {
  private BrowserThroughput() {}

  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    run(mib, rounds, System.out);
  }

  /** Runs both clients and prints the comparison. */
  public static void run(int mib, int rounds, PrintStream out) throws Exception {
    Path dir = Path.of(System.getProperty("qtalk.browser.dir", "interop/browser")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("dist/app.js"))) {
      throw new IllegalStateException(dir + "/dist/app.js missing: run npm ci and node bundle.mjs in " + dir);
    }
    Options options = Options.of(WebSocketOptions.STATIC_DIR, dir.resolve("dist"));
    try (SessionListener listener = Transports.listen(URI.create("qmux+ws://127.0.0.1:0/qmux"), options)) {
      WsBenchServer.start(listener);
      int port = listener.uri().getPort();
      out.printf(Locale.ROOT, "one-channel throughput over qmux+ws to a Java server, %d MiB per transfer, %d rounds, medians%n", mib, rounds);
      List<String> page =
          node(dir, out, "drive.mjs", "--url",
              "http://127.0.0.1:" + port + "/index.html?mode=bench&mib=" + mib + "&rounds=" + rounds, "--timeout", "600");
      List<String> nodeClient = node(dir, out, "node-bench.mjs", "ws://127.0.0.1:" + port + "/qmux", "" + mib, "" + rounds);
      for (String direction : List.of("upload", "download")) {
        double browser = median(page, direction);
        double nodeJs = median(nodeClient, direction);
        out.printf(Locale.ROOT, "%-8s Chromium page %8.1f MiB/s   Node duplex %8.1f MiB/s   ratio page / Node = %.2f%n",
            direction, browser, nodeJs, browser / nodeJs);
      }
    }
  }

  private static List<String> node(Path dir, PrintStream out, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("node"));
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> figures = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (l.startsWith("FIGURE ")) {
          figures.add(l.substring(7));
        } else if (l.startsWith("FAIL") || l.startsWith("SKIP")) {
          out.println(args[0] + ": " + l);
        }
      }
    }
    if (!p.waitFor(900, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("node " + String.join(" ", args) + " failed; figures: " + figures);
    }
    return figures;
  }

  /** The median of the "upload MiB/s #i" (or download) figures, skipping the first round as warm-up. */
  private static double median(List<String> figures, String direction) {
    double[] v =
        figures.stream()
            .filter(f -> f.startsWith(direction + " MiB/s #") && !f.startsWith(direction + " MiB/s #0 "))
            .mapToDouble(f -> Double.parseDouble(f.substring(f.lastIndexOf(' ') + 1)))
            .sorted()
            .toArray();
    if (v.length == 0) {
      throw new IllegalStateException("no " + direction + " figures in " + figures);
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
