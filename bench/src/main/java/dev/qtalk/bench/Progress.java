package dev.qtalk.bench;

import java.io.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The run's progress: which group of how many is running, how many scenarios are done and failed,
 * how long it has taken. On a terminal it is one status line kept below everything else the run
 * prints, updated in place at each group and each scenario. Otherwise it is a plain line at the
 * start of each group, and each scenario's result line carries its number, so logs and CI output
 * read top to bottom.
 */
final class Progress {
  private static final String CLEAR_LINE = "\r\033[2K";

  private final PrintStream out;
  private final boolean inPlace;
  private final int groups;
  private final long started = System.nanoTime();
  private final PrintStream log;
  // guarded by this
  private int group;
  private String groupName = "";
  private int done;
  private int failed;
  private String status = "";
  private boolean shown;

  /**
   * @param out where everything goes
   * @param inPlace whether {@code out} is a terminal, where the status line is redrawn in place
   * @param groups how many groups this run has
   */
  Progress(PrintStream out, boolean inPlace, int groups) {
    this.out = out;
    this.inPlace = inPlace;
    this.groups = groups;
    this.log = inPlace ? new PrintStream(new BelowStatus(), true, StandardCharsets.UTF_8) : out;
  }

  /** Whether standard output is a terminal (on Java 22+, {@code Console.isTerminal()}). */
  static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // Java 21 has a console only when both ends are a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** What the scenarios print to: on a terminal, their lines go above the status line. */
  PrintStream log() {
    return log;
  }

  /** The next group starts: on a terminal under a {@code == name} heading. */
  synchronized void group(String name) {
    if (inPlace) {
      log.println("== " + name);
    }
    group++;
    groupName = name;
    update(true);
  }

  /** A scenario of the current group ended with a result; returns how many have. */
  synchronized int scenarioDone() {
    done++;
    update(false);
    return done;
  }

  /** A scenario of the current group failed. */
  synchronized void scenarioFailed() {
    failed++;
    update(false);
  }

  /** Takes the status line down for good, before the final table; plain output keeps its lines. */
  synchronized void finish() {
    if (inPlace && shown) {
      out.print(CLEAR_LINE);
      out.flush();
    }
    shown = false;
    status = "";
  }

  /**
   * The status line as it reads now ({@code [###----] 3/7 idle footprint, 12 scenarios done, 41 s});
   * empty once finished.
   */
  synchronized String status() {
    return status;
  }

  /** Recomputes the status; shows it in place, or as a plain line if {@code plainLine}. */
  private void update(boolean plainLine) {
    int width = Math.max(groups, 1);
    String bar = "#".repeat(Math.min(group, width)) + "-".repeat(width - Math.min(group, width));
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    status = String.format(Locale.ROOT, "[%s] %d/%d %s, %d scenario%s done%s, %d s", bar, group, groups,
        groupName, done, done == 1 ? "" : "s", failed == 0 ? "" : ", " + failed + " failed", seconds);
    if (inPlace) {
      out.print(CLEAR_LINE + status);
      shown = true;
    } else if (plainLine) {
      out.println(status);
    }
    out.flush();
  }

  /** Writes a line above the status line: clears it, writes, and draws it again below. */
  private final class BelowStatus extends OutputStream {
    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (Progress.this) {
        if (shown) {
          out.print(CLEAR_LINE);
          shown = false;
        }
        out.write(b, off, len);
        if (len > 0 && b[off + len - 1] == '\n' && !status.isEmpty()) {
          out.print(status);
          shown = true;
        }
        out.flush();
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
