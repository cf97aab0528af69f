package dev.qtalk.qmux.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The head of one HTTP/1.1 request as a WebSocket listener receives it, read before deciding
 * whether the connection is a WebSocket upgrade (handed on to the WebSocket engine, bytes and all)
 * or a plain request for a file. At most {@link #MAX_HEAD} bytes are read: a longer head is refused.
 *
 * @param raw every byte read from the socket so far: the head and whatever followed it
 */
record WsHttpRequest(String method, String target, Map<String, String> headers, byte[] raw) {
  static final int MAX_HEAD = 16 * 1024;

  /** Reads up to the blank line that ends the head. */
  static WsHttpRequest read(InputStream in) throws IOException {
    byte[] buf = new byte[4096];
    int n = 0;
    int end;
    while ((end = headEnd(buf, n)) < 0) {
      if (n == buf.length) {
        if (buf.length >= MAX_HEAD) {
          throw new ProtocolException("HTTP request head longer than " + MAX_HEAD + " bytes");
        }
        buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_HEAD));
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        throw new EOFException("connection closed after " + n + " bytes of an HTTP request head");
      }
      n += r;
    }
    String head = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    String[] requestLine = lines[0].split(" ");
    if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
      throw new ProtocolException("not an HTTP/1.x request line: " + printable(lines[0]));
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("malformed HTTP header line: " + printable(lines[i]));
      }
      headers.putIfAbsent(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    return new WsHttpRequest(requestLine[0], requestLine[1], Map.copyOf(headers), Arrays.copyOf(buf, n));
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Whether this asks for a WebSocket ({@code Upgrade: websocket}). */
  boolean isUpgrade() {
    return header("upgrade").map(v -> v.equalsIgnoreCase("websocket")).orElse(false);
  }

  /** The target without its query. */
  String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** Where the blank line ending the head ends, or -1. */
  private static int headEnd(byte[] b, int n) {
    for (int i = 3; i < n; i++) {
      if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  private static String printable(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
