package dev.qtalk.cli;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qtalk channels-demo}: a server and a client in one process, talking over a real loopback
 * connection; several channels exchange data both ways at once, and each step is printed.
 */
@Command(
    name = "channels-demo",
    mixinStandardHelpOptions = true,
    description = "Start a server and a client and show raw channels exchanging data both ways.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  qtalk channels-demo                         three channels over qmux+tcp",
      "  qtalk channels-demo --uri quic://127.0.0.1:0 --channels 8"
    })
final class ChannelsDemoCommand implements Callable<Integer> {
  @Mixin ExitCodeHelp exitCodes;

  @Option(names = "--uri", defaultValue = "qmux+tcp://127.0.0.1:0",
      description = "Where the server listens (default ${DEFAULT-VALUE}).")
  URI uri;

  @Option(names = "--channels", defaultValue = "3", description = "Channels the client opens (default ${DEFAULT-VALUE}).")
  int channels;

  @Override
  public Integer call() throws Exception {
    try (SessionListener listener = Transports.listen(uri);
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      say("server", "listening on " + listener.uri());
      threads.submit(() -> serve(listener));

      try (Session client = Transports.connect(listener.uri())) {
        say("client", "connected " + client.localAddress() + " -> " + client.remoteAddress());
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 1; i <= channels; i++) {
          int n = i;
          calls.add(threads.submit(() -> talk(client, n)));
        }
        for (Future<String> call : calls) {
          call.get();
        }
        say("client", "all " + channels + " channels done; closing the session");
      }
    }
    return 0;
  }

  /** The server: each channel the client opens is answered, upper-cased, on its own virtual thread. */
  private static void serve(SessionListener listener) {
    try (Session session = listener.accept();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      say("server", "session from " + session.remoteAddress());
      while (true) {
        Channel ch = session.accept();
        threads.submit(() -> answer(ch));
      }
    } catch (IOException e) {
      say("server", "session over (" + e.getMessage() + ")");
    }
  }

  private static Void answer(Channel ch) throws IOException {
    say("server", "ch " + ch.id() + ": accepted");
    InputStream in = ch.inputStream();
    OutputStream out = ch.outputStream();
    byte[] buf = new byte[4096];
    long total = 0;
    for (int n; (n = in.read(buf)) >= 0; ) {
      total += n;
      String text = new String(buf, 0, n, StandardCharsets.UTF_8);
      say("server", "ch " + ch.id() + ": got " + quote(text) + ", answering in upper case");
      out.write(text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }
    say("server", "ch " + ch.id() + ": client half-closed after " + total + " bytes; sending a summary and closing");
    out.write(("[" + total + " bytes received]").getBytes(StandardCharsets.UTF_8));
    ch.closeWrite();
    ch.close();
    return null;
  }

  /** The client side of one channel: send a few lines, half-close, read everything back. */
  private static String talk(Session client, int n) throws IOException {
    Channel ch = client.open();
    say("client", "ch " + ch.id() + ": opened");
    OutputStream out = ch.outputStream();
    for (String word : new String[] {"hello", "from", "channel " + n}) {
      out.write((word + " ").getBytes(StandardCharsets.UTF_8));
      say("client", "ch " + ch.id() + ": sent " + quote(word + " "));
    }
    ch.closeWrite();
    say("client", "ch " + ch.id() + ": half-closed; reading the answers");
    String answer = new String(ch.inputStream().readAllBytes(), StandardCharsets.UTF_8);
    say("client", "ch " + ch.id() + ": received " + quote(answer) + " then end of stream");
    ch.close();
    return answer;
  }

  private static String quote(String s) {
    return '"' + s + '"';
  }

  private static synchronized void say(String who, String what) {
    System.out.printf("%-6s %s%n", who, what);
  }
}
