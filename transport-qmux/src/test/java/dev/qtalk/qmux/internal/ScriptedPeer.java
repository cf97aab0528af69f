package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Options;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;

/**
 * The other end of a real loopback TCP connection, driven byte by byte by a test: it writes raw
 * bytes and asserts what the qmux session under test writes back.
 */
final class ScriptedPeer implements AutoCloseable {
  private static final HexFormat HEX = HexFormat.of();

  final QmuxSession session;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private ScriptedPeer(QmuxSession session, Socket socket) throws IOException {
    this.session = session;
    this.socket = socket;
    this.socket.setSoTimeout(5_000);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /**
   * A session on one end of a loopback socket; unless the test says otherwise, channels in the
   * accept backlog get their whole window at once, so the wire vectors stay those of the reference.
   */
  static ScriptedPeer start(Options options) throws IOException {
    if (!options.isSet(dev.qtalk.qmux.QmuxOptions.BACKLOG_WINDOW)) {
      options =
          options.toBuilder()
              .set(dev.qtalk.qmux.QmuxOptions.BACKLOG_WINDOW, options.get(dev.qtalk.StandardOptions.WINDOW_SIZE))
              .build();
    }
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Socket peer = new Socket();
      peer.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      Socket ours = server.accept();
      return new ScriptedPeer(QmuxSession.start(StreamConnection.of(ours), options), peer);
    }
  }

  /** Writes raw bytes given as hex (spaces allowed). */
  ScriptedPeer send(String hex) throws IOException {
    out.write(HEX.parseHex(hex.replace(" ", "")));
    out.flush();
    return this;
  }

  /** Writes raw bytes. */
  ScriptedPeer sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** The raw stream to the session, for floods. */
  OutputStream rawOutput() {
    return out;
  }

  /** Sends a message through the real encoder. */
  ScriptedPeer send(Message m) throws IOException {
    out.write(MessageCodec.encode(m));
    out.flush();
    return this;
  }

  /** Reads the next message the session wrote. */
  Message next() throws IOException {
    Message m = MessageCodec.decode(in, (ch, len) -> {});
    assertThat(m).as("a message, not the end of the connection").isNotNull();
    return m;
  }

  /** Asserts the next bytes the session wrote, exactly. */
  ScriptedPeer expect(String hex) throws IOException {
    byte[] want = HEX.parseHex(hex.replace(" ", ""));
    byte[] got = new DataInputStream(in).readNBytes(want.length);
    assertThat(HEX.formatHex(got)).isEqualTo(HEX.formatHex(want));
    return this;
  }

  /**
   * Asserts that the session has nothing queued for the peer: sends a keepalive-style OPEN (max
   * packet 0) and expects its OPEN_FAILURE to be the next thing written. Whatever the session had
   * queued before reading it (credit, CLOSE, data) would come first.
   */
  void expectNothingPending() throws IOException {
    send("64 fffffffe 00000000 00000000");
    expect("66 fffffffe");
  }

  /** Asserts that the session closes the connection (after anything still in flight). */
  byte[] expectConnectionEnd() throws IOException {
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    try {
      in.transferTo(rest);
    } catch (IOException e) {
      // a reset also ends the connection
    }
    return rest.toByteArray();
  }

  /** Ends the connection from the peer's side only. */
  void closeSocket() throws IOException {
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    session.close();
  }
}
