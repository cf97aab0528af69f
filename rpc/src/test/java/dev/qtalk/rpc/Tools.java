package dev.qtalk.rpc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * External tools some tests need (Node, Chromium). Outside CI a missing tool skips the test with a
 * message naming it; with {@code CI=true} (where {@code .ci/run} installs them) it fails the test.
 */
public final class Tools {
  private Tools() {}

  /** Skips, or with {@code CI=true} fails, the calling test unless {@code present}. */
  public static void require(boolean present, String missing) {
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(missing + ", and CI=true requires it");
    }
    assumeTrue(present, missing + ": this test needs it (CI installs it)");
  }

  /** {@code node --version} runs. */
  public static void requireNode() {
    require(runs("node", "--version"), "node is not installed (not on the PATH)");
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
