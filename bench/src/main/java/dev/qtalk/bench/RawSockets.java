package dev.qtalk.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** The raw baselines of the stream transports: a loopback TCP socket, and JDK TLS over one. */
public final class RawSockets {
  private RawSockets() {}

  /** Bulk over a plain TCP socket, as qmux+tcp's sockets are set (TCP_NODELAY on); returns the transfer's nanoseconds. */
  public static long tcp(long bytes) throws Exception {
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 1, lo);
        Socket client = new Socket(lo, server.getLocalPort());
        Socket accepted = server.accept()) {
      return transfer(client, accepted, bytes);
    }
  }

  /**
   * Bulk over JDK TLS (the default protocol and suite, as qmux+tls negotiates) with the bench
   * certificate; returns the transfer's nanoseconds, the handshake excluded, and records the
   * negotiated protocol and suite in {@code suite[0]}.
   */
  public static long tls(long bytes, String[] suite) throws Exception {
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(Certificates.get().keyManagerFactory().getKeyManagers(), null, null);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, Certificates.get().trustManagerFactory().getTrustManagers(), null);
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, lo);
        SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket(lo, listener.getLocalPort());
        SSLSocket s = (SSLSocket) listener.accept()) {
      CompletableFuture<Void> serverHandshake = CompletableFuture.runAsync(() -> {
        try {
          s.startHandshake();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      c.startHandshake();
      serverHandshake.get();
      suite[0] = c.getSession().getProtocol() + " " + c.getSession().getCipherSuite();
      return transfer(c, s, bytes);
    }
  }

  static long transfer(Socket client, Socket accepted, long bytes) throws Exception {
    client.setTcpNoDelay(true);
    accepted.setTcpNoDelay(true);
    CompletableFuture<Long> received = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (InputStream in = accepted.getInputStream()) {
        byte[] buf = new byte[ChannelTransfer.CHUNK];
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
          total += n;
        }
        received.complete(total);
      } catch (Throwable e) {
        received.completeExceptionally(e);
      }
    });
    long start = System.nanoTime();
    OutputStream out = client.getOutputStream();
    byte[] chunk = new byte[ChannelTransfer.CHUNK];
    for (long sent = 0; sent < bytes; sent += chunk.length) {
      out.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
    }
    out.flush();
    if (client instanceof SSLSocket ssl) {
      ssl.shutdownOutput(); // close_notify: the reader sees the end
    } else {
      client.shutdownOutput();
    }
    ChannelTransfer.check(received, bytes);
    return System.nanoTime() - start;
  }
}
