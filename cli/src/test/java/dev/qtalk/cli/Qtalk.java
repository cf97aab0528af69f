package dev.qtalk.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs {@code qtalk} as a real process: a JVM with this test's class path (or a filtered one)
 * running {@link Main}, its exit code and output captured.
 */
final class Qtalk implements AutoCloseable {
  static final Duration LIMIT = Duration.ofSeconds(120);

  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> out = new ArrayList<>();
  private final CompletableFuture<String> err;
  private final CompletableFuture<Void> outDone = new CompletableFuture<>();

  private Qtalk(Process process) {
    // the output readers are virtual threads, never the common pool: a long-lived server's readers
    // would otherwise starve every later process's
    this.process = process;
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          synchronized (out) {
            out.add(l);
          }
          lines.add(l);
        }
      } catch (IOException e) {
        // the process ended
      } finally {
        lines.add(EOF);
        outDone.complete(null);
      }
    });
    this.err = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        err.completeExceptionally(new UncheckedIOException(e));
      }
    });
  }

  private static final String EOF = new String("<eof>");

  /** The class path of this test JVM. */
  static String classPath() {
    return System.getProperty("java.class.path");
  }

  /** This class path without the entries {@code drop} matches. */
  static String classPathWithout(Predicate<String> drop) {
    return Arrays.stream(classPath().split(File.pathSeparator)).filter(drop.negate())
        .collect(Collectors.joining(File.pathSeparator));
  }

  static Qtalk start(String... args) throws IOException {
    return startWith(classPath(), null, args);
  }

  static Qtalk startWith(String classPath, Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "dev.qtalk.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    return new Qtalk(pb.start());
  }

  /** Runs {@code qtalk args} to its end. */
  static Result run(String... args) throws Exception {
    try (Qtalk q = start(args)) {
      q.process.getOutputStream().close();
      return q.finish();
    }
  }

  /** Runs {@code qtalk args} with {@code stdin} as its standard input. */
  static Result runWithInput(String stdin, String... args) throws Exception {
    try (Qtalk q = start(args)) {
      q.process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      q.process.getOutputStream().close();
      return q.finish();
    }
  }

  /** Waits for a line of standard output that starts with {@code prefix} and returns it. */
  String awaitLine(String prefix) throws InterruptedException {
    long end = System.nanoTime() + LIMIT.toNanos();
    while (true) {
      String l = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (l == null || l == EOF) {
        throw new AssertionError("no line starting with \"" + prefix + "\"; output: " + output() + "; stderr: "
            + (process.isAlive() ? "(running)" : err.join()));
      }
      if (l.startsWith(prefix)) {
        return l;
      }
    }
  }

  /** Of a {@code serve}: the URI it printed after "listening on ". */
  String listeningUri() throws InterruptedException {
    return awaitLine("listening on ").substring("listening on ".length()).trim();
  }

  Result finish() throws Exception {
    if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("qtalk did not exit within " + LIMIT + "; output: " + output());
    }
    String stderr = err.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    outDone.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    return new Result(process.exitValue(), String.join("\n", output()), stderr);
  }

  private List<String> output() {
    synchronized (out) {
      return List.copyOf(out);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Stops a long-running {@code qtalk} (a {@code serve}) and returns what it wrote on standard error. */
  String stopAndReadStderr() throws Exception {
    close();
    return err.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** What a finished {@code qtalk} left. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }
}
