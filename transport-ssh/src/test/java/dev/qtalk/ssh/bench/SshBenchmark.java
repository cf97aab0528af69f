package dev.qtalk.ssh.bench;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.ssh.SshOptions;
import dev.qtalk.ssh.SshPairs;
import dev.qtalk.ssh.internal.SshSession;
import dev.qtalk.ssh.openssh.OpenSsh;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.net.StandardSocketOptions;
import org.apache.sshd.common.io.nio2.Nio2Session;
import org.apache.sshd.common.kex.KexProposalOption;

/**
 * One-channel bulk throughput through a qtalk {@code ssh} channel, next to plain MINA SSHD and a
 * stock OpenSSH client and server with the same cipher, measured in the same run; then a channel's
 * open-to-close time. Not a test: run it as README.md says.
 *
 * <p>Arguments: {@code [MiB per transfer (256)] [rounds (5)] [cipher (aes128-gcm@openssh.com)]
 * [channel lifecycles (2000)]}.
 */
public final class SshBenchmark {
  private SshBenchmark() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String cipher = args.length > 2 ? args[2] : "aes128-gcm@openssh.com";
    int lifecycles = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
    long bytes = mib * 1024 * 1024;
    byte[] buf = new byte[256 * 1024];
    Arrays.fill(buf, (byte) 0x5a);

    Options options = Options.of(SshOptions.CIPHERS, cipher);
    Session[] pair = SshPairs.connect("ssh", options);
    String negotiated =
        ((SshSession) pair[0]).mina().getKexNegotiationResult().get(KexProposalOption.C2SENC);
    System.out.printf(
        "cipher %s (qtalk negotiated %s), %d MiB per transfer, %d rounds, %d cores, %s%n",
        cipher, negotiated, mib, rounds, Runtime.getRuntime().availableProcessors(), Runtime.version());

    List<Double> qtalk = new ArrayList<>();
    List<Double> mina = new ArrayList<>();
    List<Double> openssh = new ArrayList<>();
    List<Double> vsMina = new ArrayList<>();
    List<Double> vsOpenSsh = new ArrayList<>();
    Path dir = Files.createTempDirectory("qtalk-ssh-bench-");
    try (RawMina raw = new RawMina(cipher);
        OpenSsh sshd = OpenSsh.keys(dir).startServer(List.of("/bin/false"))) {
      if (!cipher.equals(raw.negotiatedCipher())) {
        throw new IllegalStateException("raw MINA negotiated " + raw.negotiatedCipher());
      }
      List<String> ssh =
          sshd.sshCommand(
              sshd.port(), "-c", cipher, System.getProperty("user.name") + "@127.0.0.1", "echo ready; cat > /dev/null");
      transferQtalk(pair, bytes / 8, buf); // warm-up
      raw.transfer(bytes / 8, buf);
      runSsh(ssh, bytes / 8, buf);
      // The three run in turn within each round, and ratios are taken per round, so that load
      // from other processes on the machine affects both sides of each ratio alike.
      for (int r = 0; r < rounds; r++) {
        double q = mbps(bytes, transferQtalk(pair, bytes, buf));
        double m = mbps(bytes, raw.transfer(bytes, buf));
        double o = mbps(bytes, runSsh(ssh, bytes, buf));
        qtalk.add(q);
        mina.add(m);
        openssh.add(o);
        vsMina.add(q / m);
        vsOpenSsh.add(q / o);
      }
      System.out.printf("qtalk ssh channel    : median %7.1f MB/s  rounds %s%n", median(qtalk), fmt(qtalk));
      System.out.printf("raw MINA exec stream : median %7.1f MB/s  rounds %s%n", median(mina), fmt(mina));
      System.out.printf("OpenSSH ssh -> sshd  : median %7.1f MB/s  rounds %s  (%s, 'cat > /dev/null')%n",
          median(openssh), fmt(openssh), version());
      System.out.printf("qtalk / raw MINA     : median %.2f  per round %s  (goal >= 0.90)%n", median(vsMina), fmt2(vsMina));
      System.out.printf("qtalk / OpenSSH      : median %.2f  per round %s%n", median(vsOpenSsh), fmt2(vsOpenSsh));
    } finally {
      SshPairs.delete(dir);
    }

    lifecycle(pair, lifecycles / 10); // warm-up
    double us = lifecycle(pair, lifecycles);
    System.out.printf(
        "channel open -> 1 byte each way -> close: %8.0f us per channel (mean of %d, TCP_NODELAY on, as shipped)%n",
        us, lifecycles);
    // For comparison only: MINA's default, Nagle's algorithm on, set on the live sockets.
    for (Session s : pair) {
      ((Nio2Session) ((SshSession) s).mina().getIoSession()).getSocket().setOption(StandardSocketOptions.TCP_NODELAY, false);
    }
    int slow = Math.max(10, lifecycles / 40);
    double nagle = lifecycle(pair, slow);
    System.out.printf(
        "channel open -> 1 byte each way -> close: %8.0f us per channel (mean of %d, TCP_NODELAY off, MINA's default)%n",
        nagle, slow);
    pair[0].close();
    pair[1].close();
  }

  /** Client writes {@code bytes} on a new channel; nanoseconds until the server reads EOF. */
  private static long transferQtalk(Session[] pair, long bytes, byte[] buf) throws Exception {
    Channel c = pair[0].open(Duration.ofSeconds(10));
    Channel s = pair[1].accept(Duration.ofSeconds(10));
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  ByteBuffer in = ByteBuffer.allocate(256 * 1024);
                  long got = 0;
                  try {
                    int n;
                    while ((n = s.read(in.clear())) >= 0) {
                      got += n;
                    }
                  } catch (Exception e) {
                    throw new RuntimeException(e);
                  }
                  if (got != bytes) {
                    throw new IllegalStateException("received " + got + " of " + bytes);
                  }
                });
    long t0 = System.nanoTime();
    for (long sent = 0; sent < bytes; sent += buf.length) {
      c.write(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, bytes - sent)));
    }
    c.closeWrite();
    reader.join();
    long t = System.nanoTime() - t0;
    c.close();
    s.close();
    return t;
  }

  /**
   * Runs {@code ssh ... 'echo ready; cat > /dev/null'}: the clock starts when "ready" arrives (the
   * connection and login are done) and stops when ssh exits after the remote cat has read all.
   */
  private static long runSsh(List<String> cmd, long bytes, byte[] buf) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] ready = new byte[6];
    if (p.getInputStream().readNBytes(ready, 0, 6) != 6 || !new String(ready).equals("ready\n")) {
      throw new IllegalStateException("ssh did not start the command: " + new String(ready)
          + new String(p.getInputStream().readAllBytes()));
    }
    long t0 = System.nanoTime();
    try (OutputStream out = p.getOutputStream()) {
      for (long sent = 0; sent < bytes; sent += buf.length) {
        out.write(buf, 0, (int) Math.min(buf.length, bytes - sent));
      }
    }
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("ssh failed (" + p.exitValue() + "): " + output);
    }
    return System.nanoTime() - t0;
  }

  private static String version() throws Exception {
    Process p = new ProcessBuilder(OpenSsh.SSH.toString(), "-V").redirectErrorStream(true).start();
    return new String(p.getInputStream().readAllBytes()).strip();
  }

  /** Mean microseconds for open, one byte each way, half-closes and close, one channel at a time. */
  private static double lifecycle(Session[] pair, int n) throws Exception {
    Thread server =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    ByteBuffer one = ByteBuffer.allocate(1);
                    for (int i = 0; i < n; i++) {
                      Channel s = pair[1].accept();
                      while (s.read(one.clear()) == 0) {}
                      s.write(one.flip());
                      s.closeWrite();
                      s.close();
                    }
                  } catch (Exception e) {
                    throw new RuntimeException(e);
                  }
                });
    ByteBuffer one = ByteBuffer.allocate(1);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Channel c = pair[0].open();
      c.write(ByteBuffer.wrap(new byte[] {1}));
      c.closeWrite();
      if (c.read(one.clear()) != 1 || c.read(one.clear()) != -1) {
        throw new IllegalStateException("lifecycle " + i + ": expected one byte, then end of stream");
      }
      c.close();
    }
    double us = (System.nanoTime() - t0) / 1e3 / n;
    server.join();
    return us;
  }

  private static double mbps(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  private static String fmt2(List<Double> xs) {
    return xs.stream().map(x -> String.format("%.2f", x)).toList().toString();
  }

  private static String fmt(List<Double> xs) {
    return xs.stream().map(x -> String.format("%.0f", x)).toList().toString();
  }
}
