package dev.qtalk.qmux.internal;

import dev.qtalk.Options;
import dev.qtalk.PeerIdentity;
import dev.qtalk.StandardOptions;
import dev.qtalk.qmux.WebSocketOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.HandshakeImpl1Client;

/**
 * The client end of qmux over WebSocket: connects a socket (TLS for {@code qmux+wss}, the host
 * name checked unless insecure or pinned), sends the upgrade request through the engine, and, once
 * the server has answered, hands over the link's {@link WsConnection}. The link runs on virtual
 * threads ({@link WsLink}), so a client session holds no platform thread. The whole connect, TCP,
 * TLS and upgrade, has {@link StandardOptions#CONNECT_TIMEOUT}.
 */
final class WsDialer {
  private WsDialer() {}

  /**
   * @param target the WebSocket URI ({@code ws://} or {@code wss://}, with the path and query)
   * @param origin the {@code Origin} header to send
   */
  static WsConnection dial(String scheme, URI target, InetSocketAddress address, Draft draft, String origin, Options options)
      throws IOException {
    boolean secure = target.getScheme().equals("wss");
    long timeout = options.get(StandardOptions.CONNECT_TIMEOUT).toMillis();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
    Socket socket = new Socket();
    WsLink link = null;
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      socket.connect(address, (int) Math.min(timeout, Integer.MAX_VALUE));
      PeerIdentity identity = null;
      if (secure) {
        SSLSocket tls =
            TlsSupport.clientHandshake(socket, target.getHost(), address.getPort(), options, (int) Math.max(1, left(deadline)));
        identity = PeerIdentity.of(tls.getSession()).orElse(null);
        socket = tls;
      }
      link = new WsLink(scheme, socket, List.of(draft), true, open -> { }, () -> { }); // the dialer awaits the open
      if (identity != null) {
        link.connection.identity(identity);
      }
      WsLink started = link;
      InputStream in = socket.getInputStream();
      link.startWriter();
      Thread.ofVirtual().name(scheme + "-reader").start(() -> {
        try {
          started.readLoop(in);
        } catch (IOException e) {
          started.readFailed(e);
        } finally {
          started.closeSocket();
        }
      });
      link.engine.startHandshake(request(target, origin));
      if (!link.awaitOpen(Math.max(0, left(deadline)))) {
        throw failed(scheme, target, link, timeout);
      }
    } catch (InterruptedException e) {
      close(socket, link);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(scheme + " connect: interrupted");
    } catch (ConnectException e) {
      close(socket, link);
      throw e;
    } catch (IOException | InvalidHandshakeException | RuntimeException e) {
      close(socket, link);
      ConnectException c = new ConnectException(scheme + ": cannot connect to " + target + ": " + e);
      c.initCause(e);
      throw c;
    }
    long ping = options.get(WebSocketOptions.PING_INTERVAL).toMillis();
    if (ping > 0) {
      WsLink open = link;
      long pong = options.get(StandardOptions.KEEPALIVE_TIMEOUT).toMillis();
      Thread.ofVirtual().name(scheme + "-ping").start(() -> open.keepAlive(ping, pong));
    }
    return link.connection;
  }

  /** The upgrade request, as a browser would send it: the path and query, Host and Origin. */
  private static HandshakeImpl1Client request(URI target, String origin) {
    HandshakeImpl1Client request = new HandshakeImpl1Client();
    String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    request.setResourceDescriptor(target.getRawQuery() == null ? path : path + "?" + target.getRawQuery());
    int port = target.getPort();
    boolean defaultPort = port == -1 || port == (target.getScheme().equals("wss") ? 443 : 80);
    request.put("Host", target.getHost() + (defaultPort ? "" : ":" + port));
    request.put("Origin", origin);
    return request;
  }

  /** Why a connection that reached the server did not open. */
  private static ConnectException failed(String scheme, URI target, WsLink link, long timeout) {
    Exception error = link.error();
    String closed = link.closeReason();
    String why =
        error != null ? error.toString()
            : closed != null ? "the handshake failed (closed with " + closed + ")"
            : "no handshake within " + timeout + " ms";
    ConnectException e = new ConnectException(scheme + ": cannot connect to " + target + ": " + why);
    if (error != null) {
      e.initCause(error);
    }
    return e;
  }

  private static void close(Socket socket, WsLink link) {
    if (link != null) {
      link.engine.closeConnection(CloseFrame.ABNORMAL_CLOSE, "connect abandoned");
      link.closeSocket();
    } else {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing to tell
      }
    }
  }

  private static long left(long deadline) {
    return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
  }
}
