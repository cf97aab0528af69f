package dev.qtalk.ssh.openssh;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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

  /** OpenSSH's {@code sshd} and {@code ssh}. */
  static void requireOpenSsh(Path sshd, Path ssh) {
    require(
        Files.isExecutable(sshd) && Files.isExecutable(ssh),
        "OpenSSH is not installed (no " + sshd + " or " + ssh + "; apt-get install openssh-server openssh-client)");
  }
}
