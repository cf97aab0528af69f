package dev.qtalk.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qtalk tck}: certifies a transport from its jar with no build tool. Runs the kit's {@code
 * dev.qtalk.tck.Certify} in a child JVM whose class path is this command's plus the jars given,
 * prints one progress line per rule group and the report's path at the end.
 */
@Command(
    name = "tck",
    mixinStandardHelpOptions = true,
    description = {
      "Certify a transport from its jar: run the TCK and write the certification report.",
      "The provider of --listen's scheme is found in the --jar files or on the class path; the report is written as Markdown and JSON."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  qtalk tck --listen qmux+tcp://127.0.0.1:0 --capabilities HALF_CLOSE,CONFIGURABLE_WINDOW",
      "  qtalk tck --listen myproto://127.0.0.1:0 --jar my-transport.jar --jar its-dependency.jar",
      "  qtalk tck --listen mem:x --only CR,DI-2                  (a partial run, for debugging)"
    })
final class TckCommand implements Callable<Integer> {
  @Option(names = "--listen", required = true, paramLabel = "URI",
      description = "Where the transport listens during the run; its scheme picks the provider.")
  String listen;

  @Option(names = "--capabilities", paramLabel = "LIST", split = ",",
      description = {"What the transport supports beyond the required rules, comma-separated: HALF_CLOSE,",
          "RESET, CONFIGURABLE_WINDOW, CONFIGURABLE_MAX_PACKET, CONFIGURABLE_BACKLOG, MAX_CHANNELS, WIRE_FORMAT."})
  List<String> capabilities = new ArrayList<>();

  @Option(names = "--jar", paramLabel = "FILE", description = "A jar (or class folder) to add to the class path: the transport and its dependencies; repeatable.")
  List<Path> jars = new ArrayList<>();

  @Option(names = "--rpc", description = "Also run the rpc suite over the transport.")
  boolean rpc;

  @Option(names = "--name", description = "The transport's name in the report (default: the scheme).")
  String name;

  @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "tck-reports",
      description = "Where the reports go (default ${DEFAULT-VALUE}).")
  Path reportDir;

  @Option(names = "--only", paramLabel = "RULES", description = "Run only these rules or groups (CR,DI-2): a partial run, never a certification.")
  String only;

  @Option(names = {"-v", "--verbose"}, description = "Print every rule's result, not one line per group.")
  boolean verbose;

  @Mixin ExitCodeHelp exitCodes;

  @Override
  public Integer call() throws Exception {
    StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
    for (Path jar : jars) {
      if (!Files.exists(jar)) {
        throw new IllegalArgumentException("--jar " + jar + ": no such file (expected: a jar or a class folder)");
      }
      classPath.append(File.pathSeparator).append(jar.toAbsolutePath());
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", classPath.toString(), "dev.qtalk.tck.Certify",
        "--listen", listen, "--report-dir", reportDir.toString()));
    if (!capabilities.isEmpty()) {
      cmd.addAll(List.of("--capabilities", String.join(",", capabilities)));
    }
    if (rpc) {
      cmd.add("--rpc");
    }
    if (name != null) {
      cmd.addAll(List.of("--name", name));
    }
    if (only != null) {
      cmd.addAll(List.of("--only", only));
    }
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    child.getOutputStream().close();
    GroupProgress progress = new GroupProgress(System.out, verbose);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        progress.line(line);
      }
    } finally {
      if (child.isAlive()) {
        child.destroy();
      }
    }
    int exit = child.waitFor();
    progress.finish();
    newestReport().ifPresent(p -> System.out.println("report: " + p.toAbsolutePath()));
    System.out.flush();
    return exit;
  }

  private Optional<Path> newestReport() throws IOException {
    if (!Files.isDirectory(reportDir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(reportDir)) {
      return files.filter(p -> p.toString().endsWith(".md"))
          .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
    }
  }
}
