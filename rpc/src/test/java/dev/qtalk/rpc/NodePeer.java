package dev.qtalk.rpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs interop/node/rpc-peer.mjs (npm @progrium/duplex) as a child process. */
final class NodePeer implements AutoCloseable {
  static final Path DIR = Path.of("..", "interop", "node").toAbsolutePath().normalize();

  private final Process process;
  private final BufferedReader out;

  private NodePeer(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Skips the calling test, or with {@code CI=true} fails it, when there is no {@code node}. */
  static void assumeNode() {
    Tools.requireNode();
    if (!Files.isDirectory(DIR.resolve("node_modules/@progrium/duplex"))) {
      throw new IllegalStateException(
          "node is installed but " + DIR + "/node_modules lacks @progrium/duplex: run npm ci there"
              + " (the rpc build does it in process-test-resources)");
    }
  }

  static NodePeer start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("node", DIR.resolve("rpc-peer.mjs").toString()));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .directory(DIR.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return new NodePeer(p);
  }

  /** The next line the script printed, or null at its end. */
  String readLine() throws IOException {
    return out.readLine();
  }

  /** Every remaining line, then the exit code (after at most 60 s). */
  Result finish() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String l = out.readLine(); l != null; l = out.readLine()) {
      lines.add(l);
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("node did not exit; output: " + lines);
    }
    return new Result(process.exitValue(), lines);
  }

  record Result(int exitCode, List<String> lines) {}

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
