package dev.qtalk.tck;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live threads (platform and virtual) and open file descriptors of this JVM, for the resource
 * rules. Threads that the JDK or the test harness start and keep on their own (virtual-thread
 * carriers and the JDK's own I/O pollers by their exact names, JUnit's timeout watcher, ...) are
 * not counted; {@code java.util.Timer} threads and any other poller are.
 *
 * <p>File descriptors are read from {@code /proc/self/fd} where it exists, without jar files
 * opened by class loading; epoll and eventfd descriptors (what a {@link java.nio.channels.Selector}
 * is made of) are counted, so a selector kept per session shows. The JDK's own, created once for
 * virtual-thread I/O, are in every baseline, which is taken after a warm-up. Elsewhere the
 * operating system bean's count is used.
 *
 * @param threads the counted threads' names
 * @param fds open file descriptors, or -1 where the platform does not say
 * @param fdTargets what the counted descriptors point to, where known
 */
record Census(List<String> threads, long fds, List<String> fdTargets) {
  private static final Pattern NAME = Pattern.compile("\"name\": \"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern NOT_COUNTED =
      Pattern.compile(
          "ForkJoinPool.*|VirtualThread-.*|MasterPoller|SubPoller-\\d+|(Read|Write)-Poller(-\\d+)?|Common-Cleaner"
              + "|Attach Listener|Notification Thread|Signal Dispatcher|Reference Handler|Finalizer|junit-.*"
              + "|surefire.*|process reaper|RMI .*|JFR .*|C[12] CompilerThread.*|Monitor Deflation Thread"
              + "|Service Thread|Sweeper thread|GC .*|G1 .*|VM .*|DestroyJavaVM|InnocuousThread-.*"
              + "|JMX .*|ThreadDumper.*|main");

  static Census take() {
    List<String> targets = listFds();
    return new Census(threadNames(), targets != null ? targets.size() : openFds(), targets == null ? List.of() : targets);
  }

  /** The counted descriptors that are not in {@code baseline}. */
  List<String> extraFds(Census baseline) {
    List<String> extra = new ArrayList<>(fdTargets);
    for (String t : baseline.fdTargets) {
      extra.remove(t);
    }
    return extra;
  }

  private static List<String> listFds() {
    Path dir = Path.of("/proc/self/fd");
    if (!Files.isDirectory(dir)) {
      return null;
    }
    List<String> targets = new ArrayList<>();
    try (var entries = Files.list(dir)) {
      for (Path fd : (Iterable<Path>) entries::iterator) {
        try {
          String t = Files.readSymbolicLink(fd).toString();
          if (!t.endsWith(".jar") && !t.equals(dir.toString())) {
            targets.add(t.startsWith("socket:") ? "socket" : t.startsWith("pipe:") ? "pipe" : t);
          }
        } catch (IOException e) {
          // closed while listing (the listing's own descriptor, say)
        }
      }
    } catch (IOException e) {
      return null;
    }
    return targets;
  }

  int threadCount() {
    return threads.size();
  }

  /** The counted threads that are not in {@code baseline} (by name, one for one). */
  List<String> extraThreads(Census baseline) {
    List<String> extra = new ArrayList<>(threads);
    for (String n : baseline.threads) {
      extra.remove(n);
    }
    return extra;
  }

  @Override
  public String toString() {
    return threads.size() + " threads, " + (fds < 0 ? "fds unknown" : fds + " fds");
  }

  private static List<String> threadNames() {
    try {
      Path file = Files.createTempFile("qtalk-tck-threads", ".json");
      Files.delete(file);
      try {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        String json = Files.readString(file);
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(json);
        while (m.find()) {
          String name = m.group(1);
          if (!NOT_COUNTED.matcher(name).matches()) {
            names.add(name);
          }
        }
        return names;
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not take a thread dump", e);
    }
  }

  private static long openFds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      return unix.getOpenFileDescriptorCount();
    }
    return -1;
  }
}
