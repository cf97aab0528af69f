package dev.qtalk.ssh.openssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stock OpenSSH for tests: generated ed25519 keys, a foreground {@code sshd} on a free loopback
 * port with a generated configuration, and the {@code ssh} command line that reaches it.
 */
public final class OpenSsh implements AutoCloseable {
  public static final Path SSHD = Path.of("/usr/sbin/sshd");
  public static final Path SSH = Path.of("/usr/bin/ssh");

  private final Path dir;
  private Process sshd;
  private int port;

  private OpenSsh(Path dir) {
    this.dir = dir;
  }

  /** Keys in {@code dir}: host_ed25519 (the server's) and user_ed25519 (the client's, authorized). */
  public static OpenSsh keys(Path dir) throws Exception {
    Tools.requireOpenSsh(SSHD, SSH);
    OpenSsh o = new OpenSsh(dir);
    keygen(o.hostKey());
    keygen(o.userKey());
    Files.copy(o.userKey().resolveSibling("user_ed25519.pub"), dir.resolve("authorized_keys"));
    return o;
  }

  private static void keygen(Path file) throws Exception {
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "qtalk-test", "-f", file.toString()));
  }

  public Path hostKey() {
    return dir.resolve("host_ed25519");
  }

  public Path hostPublicKey() {
    return dir.resolve("host_ed25519.pub");
  }

  public Path userKey() {
    return dir.resolve("user_ed25519");
  }

  public Path authorizedKeys() {
    return dir.resolve("authorized_keys");
  }

  /** A known_hosts file listing this host key for 127.0.0.1 at {@code port}. */
  public Path knownHosts(int port) throws IOException {
    String key = Files.readString(hostPublicKey()).strip();
    return Files.writeString(dir.resolve("known_hosts_" + port), "[127.0.0.1]:" + port + " " + key + "\n");
  }

  /** Starts {@code sshd -D -e} with {@code Subsystem qtalk <subsystemCommand>}. */
  public OpenSsh startServer(List<String> subsystemCommand) throws Exception {
    Path script = dir.resolve("qtalk-subsystem.sh");
    StringBuilder line = new StringBuilder("#!/bin/sh\nexec");
    for (String arg : subsystemCommand) {
      line.append(" '").append(arg.replace("'", "'\\''")).append('\'');
    }
    Files.writeString(script, line.append('\n').toString());
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "ListenAddress 127.0.0.1",
            "HostKey " + hostKey(),
            "PidFile none",
            "UsePAM no",
            "StrictModes no",
            "AuthorizedKeysFile " + authorizedKeys(),
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "AllowTcpForwarding no",
            "X11Forwarding no",
            "PrintMotd no",
            "LogLevel VERBOSE",
            "Subsystem qtalk " + script,
            ""));
    Files.createDirectories(Path.of("/run/sshd"));
    port = freePort();
    sshd =
        new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString(), "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      if (!sshd.isAlive()) {
        throw new IllegalStateException("sshd exited (" + sshd.exitValue() + "): " + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return this;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("sshd did not listen on " + port + ": " + log());
        }
        Thread.sleep(50);
      }
    }
  }

  public int port() {
    return port;
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("sshd.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The stock {@code ssh} client to 127.0.0.1:{@code port} with this directory's user key. */
  public List<String> sshCommand(int port, String... rest) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            SSH.toString(), "-F", "/dev/null", "-T",
            "-o", "BatchMode=yes",
            "-o", "IdentitiesOnly=yes",
            "-i", userKey().toString(),
            "-o", "UserKnownHostsFile=" + knownHosts(port),
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "LogLevel=ERROR",
            "-p", Integer.toString(port)));
    cmd.addAll(List.of(rest));
    return cmd;
  }

  /** The command line that runs {@code mainClass} with this JVM and its test class path. */
  public static List<String> javaCommand(Class<?> mainClass) {
    String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(java, "-Xss1m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp, mainClass.getName());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (sshd != null) {
      sshd.destroy();
      if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
        sshd.destroyForcibly();
      }
    }
  }
}
