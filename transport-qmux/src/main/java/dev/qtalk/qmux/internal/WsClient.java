package dev.qtalk.qmux.internal;

import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;

/** The client end of a qmux WebSocket: hands every event to its {@link WsConnection}. */
final class WsClient extends WebSocketClient {
  private final Options options;
  private final WsConnection connection;
  private volatile Exception error;
  private volatile String closeReason;
  private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();

  WsClient(URI uri, Draft draft, Map<String, String> headers, int connectTimeoutMillis, Options options) {
    super(uri, draft, headers, connectTimeoutMillis);
    this.options = options;
    this.connection =
        new WsConnection(
            getConnection(),
            () -> {
              java.net.Socket raw = getSocket();
              if (raw != null) {
                raw.close();
              }
            });
    setTcpNoDelay(true);
  }

  WsConnection connection() {
    return connection;
  }

  /** What failed before the connection opened, if anything did. */
  Exception error() {
    return error;
  }

  /** Why the connection closed, if it did ("code 1006: ..."). */
  String closeReason() {
    return closeReason;
  }

  @Override
  protected void onSetSSLParameters(SSLParameters params) {
    // host name verification, unless TLS_INSECURE or pinned (Java-WebSocket would always turn it on)
    if (!options.get(StandardOptions.TLS_INSECURE) && options.get(StandardOptions.TLS_PINNED_SHA256) == null) {
      super.onSetSSLParameters(params);
    }
  }

  /** The server pinged: the library answers with a pong; counted, for tests. */
  @Override
  public void onWebsocketPing(org.java_websocket.WebSocket conn, org.java_websocket.framing.Framedata f) {
    pings.incrementAndGet();
    super.onWebsocketPing(conn, f);
  }

  /** How many pings the server sent that were answered. */
  int pingsAnswered() {
    return pings.get();
  }

  @Override
  public void onOpen(ServerHandshake handshake) {
    connection.onOpen();
  }

  @Override
  public void onMessage(String message) {
    connection.onText();
  }

  @Override
  public void onMessage(ByteBuffer bytes) {
    connection.onBinary(bytes);
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    // NEVER_CONNECTED without a reason is the library giving up on a silent server
    closeReason =
        code == CloseFrame.NEVER_CONNECTED && (reason == null || reason.isEmpty())
            ? null
            : "code " + code + (reason == null || reason.isEmpty() ? "" : ": " + reason);
    connection.onClose(code, reason, remote);
  }

  @Override
  public void onError(Exception e) {
    error = e;
    connection.onError(e);
  }
}
