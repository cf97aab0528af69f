package dev.qtalk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What else took the machine's CPUs while a scenario ran, as shares of all the CPU time in the
 * interval: other processes (the machine's busy time less this JVM's own CPU time) and, on a
 * virtual machine, the hypervisor ({@code steal}). Both sides of a pair are slowed when others
 * take a large share, rarely alike, so a ratio measured then is suspect. From Linux's
 * {@code /proc/stat} and {@code /proc/self/stat}; elsewhere there is no figure.
 *
 * @param others the share of CPU time other processes used
 * @param steal the share the hypervisor gave to other machines
 */
record MachineLoad(double others, double steal) {
  private static final Path MACHINE = Path.of("/proc/stat");
  private static final Path SELF = Path.of("/proc/self/stat");

  /** The counters at one moment, in clock ticks. */
  record Snapshot(long total, long busy, long steal, long self) {}

  /** The counters now, if this system has them. */
  static Optional<Snapshot> now() {
    try {
      return Optional.of(parse(Files.readAllLines(MACHINE).get(0), Files.readString(SELF)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * @param cpuLine the first line of /proc/stat: "cpu" then user, nice, system, idle, iowait, irq,
   *     softirq, steal (and guest times, already counted in user)
   * @param selfStat /proc/self/stat, whose 14th and 15th fields are this process's user and system ticks
   */
  static Snapshot parse(String cpuLine, String selfStat) {
    String[] f = cpuLine.trim().split("\\s+");
    if (!f[0].equals("cpu") || f.length < 9) {
      throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
    }
    long total = 0;
    for (int i = 1; i <= 8; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    long steal = Long.parseLong(f[8]);
    // the command name (field 2) is in parentheses and may hold spaces: count from its end
    String[] s = selfStat.substring(selfStat.lastIndexOf(')') + 2).trim().split("\\s+");
    long self = Long.parseLong(s[11]) + Long.parseLong(s[12]);
    return new Snapshot(total, total - idle - steal, steal, self);
  }

  /** The load between two snapshots; empty if no time passed between them. */
  static Optional<MachineLoad> between(Snapshot from, Snapshot to) {
    double total = to.total() - from.total();
    if (total <= 0) {
      return Optional.empty();
    }
    double others = Math.max(0, (to.busy() - from.busy()) - (to.self() - from.self()));
    return Optional.of(new MachineLoad(others / total, (to.steal() - from.steal()) / total));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "others %.0f%%, steal %.0f%%", 100 * others, 100 * steal);
  }
}
