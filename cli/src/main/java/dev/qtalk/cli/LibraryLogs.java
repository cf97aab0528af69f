package dev.qtalk.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the command line lets libraries log. Apache MINA SSHD reports every connection at INFO
 * (the provider it loaded, the I/O factory it picked, the port it listens on, a missing
 * {@code ~/.ssh/config}, each authentication), which would bury a command's own output; so unless
 * the user configured {@code java.util.logging} (its {@code config.file} or {@code config.class}
 * property), only its warnings and errors are printed.
 */
final class LibraryLogs {
  /** MINA's loggers, and the one it names after the ssh transport's server class. */
  private static final List<String> MINA = List.of("org.apache.sshd", "dev.qtalk.ssh.internal.QtalkSshServer");

  /** The quieted loggers, held: the logging framework keeps loggers weakly, and a collected one would forget its level. */
  private static final List<Logger> QUIETED = new ArrayList<>();

  private LibraryLogs() {}

  static void quiet() {
    if (System.getProperty("java.util.logging.config.file") != null
        || System.getProperty("java.util.logging.config.class") != null) {
      return;
    }
    for (String name : MINA) {
      Logger l = Logger.getLogger(name);
      l.setLevel(Level.WARNING);
      QUIETED.add(l);
    }
  }
}
