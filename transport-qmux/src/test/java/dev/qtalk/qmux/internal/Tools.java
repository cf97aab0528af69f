package dev.qtalk.qmux.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * External tools some tests need. Outside CI a missing tool skips the test with a message naming
 * it; with {@code CI=true} (where {@code .ci/run} installs them) it fails the test.
 */
final class Tools {
  private Tools() {}

  /** Skips, or with {@code CI=true} fails, the calling test unless {@code present}. */
  static void require(boolean present, String missing) {
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(missing + ", and CI=true requires it");
    }
    assumeTrue(present, missing + ": this test needs it (CI installs it)");
  }

  /** Node and the npm package {@code @progrium/duplex} in interop/node; returns that directory. */
  static Path requireNodeDuplex() {
    require(runs("node", "--version"), "node is not installed (not on the PATH)");
    Path dir = Path.of(System.getProperty("basedir", "."), "..", "interop", "node").toAbsolutePath().normalize();
    require(
        Files.isDirectory(dir.resolve("node_modules/@progrium/duplex")),
        "node's @progrium/duplex is not installed in " + dir + " (run npm ci there)");
    return dir;
  }

  private static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(OutputStream.nullOutputStream());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
