package dev.qtalk.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * External tools some tests need. Outside CI a missing tool skips the test with a message naming
 * it; with {@code CI=true} (where {@code .ci/run} installs them) it fails the test.
 */
final class Tools {
  static final Path NODE_DIR = Path.of("..", "interop", "node").toAbsolutePath().normalize();

  private Tools() {}

  static void require(String tool, String... versionArgs) {
    boolean present;
    try {
      String[] cmd = new String[versionArgs.length + 1];
      cmd[0] = tool;
      System.arraycopy(versionArgs, 0, cmd, 1, versionArgs.length);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      present = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      present = false;
    }
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(tool + " is not installed, and CI=true requires it");
    }
    assumeTrue(present, tool + " is not installed: this test needs it (CI installs it)");
  }

  /** Node and the npm package {@code @progrium/duplex} in interop/node. */
  static void requireNodeDuplex() {
    require("node", "--version");
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@progrium/duplex"))) {
      throw new AssertionError("node is installed but " + NODE_DIR + "/node_modules lacks @progrium/duplex:"
          + " run npm ci there (the rpc build does it in process-test-resources)");
    }
  }
}
