package dev.qtalk.bench;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The Java end of the browser and Node throughput runs: serves every session a listener accepts,
 * and on each channel the peer opens reads a 9-byte request, {@code 'U'} or {@code 'D'} and a
 * big-endian byte count. {@code U}: the peer sends that many bytes and half-closes; this side
 * counts them, answers one byte and closes. {@code D}: this side sends that many bytes and
 * half-closes. No rpc framing: the transport's own throughput.
 */
final class WsBenchServer {
  private static final int CHUNK = 256 * 1024;

  private WsBenchServer() {}

  /** Serves {@code listener} on virtual threads until it closes. */
  static void start(SessionListener listener) {
    Thread.ofVirtual().name("bench-accept").start(() -> {
      while (true) {
        Session s;
        try {
          s = listener.accept();
        } catch (SessionClosedException e) {
          return;
        } catch (IOException e) {
          System.err.println("bench server: accept failed: " + e);
          return;
        }
        Thread.ofVirtual().name("bench-session").start(() -> serve(s));
      }
    });
  }

  private static void serve(Session s) {
    try {
      while (true) {
        Channel ch = s.accept();
        Thread.ofVirtual().name("bench-channel").start(() -> transfer(ch));
      }
    } catch (IOException e) {
      // the session ended
    }
  }

  private static void transfer(Channel ch) {
    try (ch) {
      ByteBuffer head = ByteBuffer.allocate(9);
      while (head.hasRemaining()) {
        if (ch.read(head) < 0) {
          throw new EOFException("the request ended after " + head.position() + " of 9 bytes");
        }
      }
      head.flip();
      byte op = head.get();
      long size = head.getLong();
      ByteBuffer buf = ByteBuffer.allocate(CHUNK);
      if (op == 'U') {
        long total = 0;
        for (int n; (n = ch.read(buf.clear())) >= 0; ) {
          total += n;
        }
        if (total != size) {
          throw new IOException("received " + total + " of " + size + " bytes");
        }
        ch.write(ByteBuffer.wrap(new byte[] {1}));
        ch.closeWrite();
      } else if (op == 'D') {
        for (long sent = 0; sent < size; sent += CHUNK) {
          buf.clear().limit((int) Math.min(CHUNK, size - sent));
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        }
        ch.closeWrite();
        while (ch.read(buf.clear()) >= 0) {
          // wait for the peer's end
        }
      } else {
        throw new IOException("request " + op + " (expected: 'U' or 'D')");
      }
    } catch (IOException e) {
      System.err.println("bench server: " + e);
    }
  }
}
