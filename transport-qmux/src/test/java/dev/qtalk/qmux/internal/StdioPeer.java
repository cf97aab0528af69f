package dev.qtalk.qmux.internal;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A child process for {@link StdioTransportTest}: a qmux session over its own stdin/stdout
 * ({@code connect} or {@code listen} mode). It opens one channel that says hello, echoes every
 * channel the parent opens, and exits when the session ends.
 */
public final class StdioPeer {
  private StdioPeer() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create("qmux+stdio:-");
    Session session;
    SessionListener listener = null;
    if (args.length > 0 && args[0].equals("listen")) {
      listener = Transports.listen(uri, Options.defaults());
      session = listener.accept();
    } else {
      session = Transports.connect(uri, Options.defaults());
    }
    Channel hello = session.open();
    hello.outputStream().write("hello from the child".getBytes(StandardCharsets.UTF_8));
    hello.closeWrite();
    try {
      while (true) {
        Channel ch = session.accept();
        Thread.ofVirtual().start(() -> echo(ch));
      }
    } catch (IOException e) {
      System.err.println("stdio peer: session ended: " + e.getMessage());
    }
    if (listener != null) {
      listener.close();
    }
    System.exit(0);
  }

  private static void echo(Channel ch) {
    try {
      InputStream in = ch.inputStream();
      OutputStream out = ch.outputStream();
      in.transferTo(out);
      ch.closeWrite();
    } catch (IOException e) {
      System.err.println("stdio peer: echo failed: " + e);
    }
  }
}
