package dev.qtalk.qmux.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Answers the plain HTTP requests that reach a WebSocket listener: files from {@code
 * WebSocketOptions.STATIC_DIR} for GET and HEAD, and short error responses otherwise. Each answer
 * closes the connection ({@code Connection: close}); paths cannot leave the folder (no {@code ..},
 * and symbolic links are resolved before the check).
 */
final class WsStaticFiles {
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("htm", "text/html; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("map", "application/json"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("wasm", "application/wasm"));

  private final Path root; // null: no files

  WsStaticFiles(Path root) {
    this.root = root;
  }

  /** Answers {@code request} on {@code out}. */
  void serve(WsHttpRequest request, OutputStream out) throws IOException {
    boolean head = request.method().equals("HEAD");
    if (!head && !request.method().equals("GET")) {
      error(out, 405, "Method Not Allowed", "Allow: GET, HEAD\r\n");
      return;
    }
    Path file = resolve(request.path());
    if (file == null) {
      error(out, 404, "Not Found", "");
      return;
    }
    long size = Files.size(file);
    String name = file.getFileName().toString();
    String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    write(out, "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + size
        + "\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n");
    if (!head) {
      try (InputStream in = Files.newInputStream(file)) {
        in.transferTo(out);
      }
    }
    out.flush();
  }

  /** The regular file under the root that {@code rawPath} names, or null. */
  Path resolve(String rawPath) {
    if (root == null || !rawPath.startsWith("/")) {
      return null;
    }
    String decoded;
    try {
      decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (decoded.indexOf('\0') >= 0 || decoded.indexOf('\\') >= 0) {
      return null;
    }
    for (String segment : decoded.split("/")) {
      if (segment.equals("..") || segment.startsWith(".") && !segment.isEmpty() && !segment.equals(".")) {
        return null; // no parent segments, no hidden files
      }
    }
    try {
      Path base = root.toRealPath();
      Path p = base.resolve(decoded.substring(1)).normalize();
      if (Files.isDirectory(p)) {
        p = p.resolve("index.html");
      }
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p)) {
        return null;
      }
      Path real = p.toRealPath();
      return real.startsWith(base) && Files.isRegularFile(real) ? real : null;
    } catch (IOException | InvalidPathException e) {
      return null;
    }
  }

  /** A short plain-text error answer. */
  static void error(OutputStream out, int code, String reason, String extraHeaders) throws IOException {
    byte[] body = (code + " " + reason + "\n").getBytes(StandardCharsets.US_ASCII);
    write(out, "HTTP/1.1 " + code + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
        + body.length + "\r\n" + extraHeaders + "Connection: close\r\n\r\n");
    out.write(body);
    out.flush();
  }

  private static void write(OutputStream out, String head) throws IOException {
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
  }
}
