package dev.qtalk.bench;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.Transports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What idleness costs: heap and platform threads per idle session at 10,000 idle {@code qmux+tcp}
 * sessions on one server, beside 10,000 idle raw TCP sockets accepted by the same process, and
 * heap per idle channel at 10,000 idle channels on one session. Heap is measured after GC.
 *
 * <p>The clients run in a child JVM (this class, started with {@code clients}), so the server's
 * figures hold only the server's side and the two processes share the file-descriptor limit. With
 * {@code --quick} (200 of each) the clients run in this process instead, and the figures then
 * hold both ends.
 *
 * <pre>
 *   java ... dev.qtalk.bench.IdleFootprint [--quick | sessions [channels]]
 * </pre>
 */
public final class IdleFootprint {
  private IdleFootprint() {}

  private static boolean inProcess;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("clients")) {
      clients(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      System.out.println("connected");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE); // idle until the parent ends this process
      return;
    }
    if (args.length > 0 && args[0].equals("--quick")) {
      inProcess = true;
      run(200, 200, System.out);
      return;
    }
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int channels = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    run(sessions, channels, System.out);
  }

  /**
   * Measures and prints; returns {heap per raw socket, per qmux+tcp session, per channel, per
   * qmux+ws session} in bytes.
   */
  public static double[] run(int sessions, int channels, PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "idle footprint: %d idle connections on one server, %d idle channels on one session%n",
        sessions, channels);
    double raw = rawSockets(sessions, out);
    double perSession = qmuxSessions("qmux+tcp", sessions, out);
    double perChannel = qmuxChannels(channels, out);
    double perWsSession = qmuxSessions("qmux+ws", sessions, out);
    out.printf(Locale.ROOT, "idle qmux+tcp session / idle raw TCP socket (heap) = %.1f%n", perSession / raw);
    return new double[] {raw, perSession, perChannel, perWsSession};
  }

  /** The baseline: accepted raw sockets, held open and idle. */
  private static double rawSockets(int n, PrintStream out) throws Exception {
    List<Socket> held = new ArrayList<>(n);
    try (ServerSocket server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress())) {
      long heap0 = heapAfterGc();
      int threads0 = platformThreads();
      Clients clients = new Clients("raw://127.0.0.1:" + server.getLocalPort(), n, 0);
      try {
        for (int i = 0; i < n; i++) {
          held.add(server.accept());
        }
        clients.awaitConnected();
        long heap = heapAfterGc() - heap0;
        int threads = platformThreads() - threads0;
        out.printf(Locale.ROOT, "raw TCP socket   %8.0f bytes of heap per idle connection, %d platform threads added%n",
            (double) heap / n, threads);
        return (double) heap / n;
      } finally {
        for (Socket s : held) {
          s.close();
        }
        clients.close();
      }
    }
  }

  private static double qmuxSessions(String scheme, int n, PrintStream out) throws Exception {
    List<Session> held = new ArrayList<>(n);
    Options options = Options.of(StandardOptions.MAX_SESSIONS, n);
    try (SessionListener listener = Transports.listen(URI.create(scheme + "://127.0.0.1:0"), options)) {
      long heap0 = heapAfterGc();
      int threads0 = platformThreads();
      Clients clients = new Clients(listener.uri().toString(), n, 0);
      try {
        for (int i = 0; i < n; i++) {
          held.add(listener.accept());
        }
        clients.awaitConnected();
        long heap = heapAfterGc() - heap0;
        int threads = platformThreads() - threads0;
        int open = 0;
        for (Session s : held) {
          open += s.isOpen() ? 1 : 0;
        }
        out.printf(Locale.ROOT,
            "%s session %8.0f bytes of heap per idle session, %d platform threads added (%d of %d sessions open; goal <= 16384 bytes, no thread per session)%n",
            scheme, (double) heap / n, threads, open, n);
        return (double) heap / n;
      } finally {
        for (Session s : held) {
          s.close();
        }
        clients.close();
      }
    }
  }

  /** Channels opened by the child on one session and accepted here: this side's cost is measured. */
  private static double qmuxChannels(int n, PrintStream out) throws Exception {
    Options options = Options.builder().set(StandardOptions.MAX_CHANNELS, n + 16).set(StandardOptions.ACCEPT_BACKLOG, n + 16).build();
    List<Channel> held = new ArrayList<>(n);
    try (SessionListener listener = Transports.listen(URI.create("qmux+tcp://127.0.0.1:0"), options)) {
      // the one session's own few KiB are counted too: spread over the channels, they are noise
      long heap0 = heapAfterGc();
      Clients clients = new Clients(listener.uri().toString(), 1, n);
      Session session = listener.accept();
      try {
        for (int i = 0; i < n; i++) {
          held.add(session.accept(Duration.ofSeconds(60)));
        }
        clients.awaitConnected();
        long heap = heapAfterGc() - heap0;
        out.printf(Locale.ROOT, "qmux channel     %8.0f bytes of heap per idle channel (goal <= 1024 bytes)%n",
            (double) heap / n);
        session.close();
        return (double) heap / n;
      } finally {
        clients.close();
      }
    }
  }

  /** The child: {@code count} idle connections (raw or qmux), with {@code channels} channels each. */
  private static List<AutoCloseable> clients(String target, int count, int channels) throws Exception {
    URI uri = URI.create(target);
    List<AutoCloseable> held = new ArrayList<>();
    Options options = Options.of(StandardOptions.MAX_CHANNELS, Math.max(16, channels + 16));
    for (int i = 0; i < count; i++) {
      if (uri.getScheme().equals("raw")) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        held.add(s);
      } else {
        Session s = Transports.connect(uri, options);
        held.add(s);
        for (int c = 0; c < channels; c++) {
          held.add(s.open(Duration.ofSeconds(60)));
        }
      }
    }
    return held;
  }

  /** Idle clients: a child process, or (quick mode) threads of this one. */
  private static final class Clients implements AutoCloseable {
    private final Process process;
    private final java.util.concurrent.CompletableFuture<List<AutoCloseable>> local;

    Clients(String target, int count, int channels) throws IOException {
      if (inProcess) {
        process = null;
        local = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return clients(target, count, channels);
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        }, r -> Thread.ofVirtual().start(r));
      } else {
        process = startClients(target, count, channels);
        local = null;
      }
    }

    void awaitConnected() throws Exception {
      if (process != null) {
        awaitLine(process, "connected");
      } else {
        local.get();
      }
    }

    @Override
    public void close() throws Exception {
      if (process != null) {
        process.destroy();
        process.waitFor();
      } else if (local.isDone() && !local.isCompletedExceptionally()) {
        for (AutoCloseable c : local.get()) {
          c.close();
        }
      }
    }
  }

  private static Process startClients(String target, int count, int channels) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xss256k"));
    String modulePath = System.getProperty("jdk.module.path");
    if (modulePath != null && !modulePath.isEmpty()) {
      cmd.addAll(List.of("-p", modulePath, "-m", "dev.qtalk.bench/" + IdleFootprint.class.getName()));
    } else {
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), IdleFootprint.class.getName()));
    }
    cmd.addAll(List.of("clients", target, String.valueOf(count), String.valueOf(channels)));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static void awaitLine(Process p, String wanted) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      if (line.equals(wanted)) {
        return;
      }
    }
    throw new IOException("the client process ended before saying " + wanted);
  }

  private static int platformThreads() {
    return Thread.getAllStackTraces().size();
  }

  private static long heapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
