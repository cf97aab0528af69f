package dev.qtalk.qmux.internal;

import dev.qtalk.ProtocolException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The session's decoder: reads the connection into large slabs and parses messages out of them.
 * A large DATA payload is handed on as a slice of the slab the bytes arrived in, so it is never
 * copied between the socket and the application's buffer; small payloads are copied out, so a
 * few unread bytes never keep a whole slab alive. Slabs that hold handed-on slices are never
 * written again: a new one is started and the old one is freed when its slices have been read.
 *
 * <p>Same format and checks as {@link MessageCodec#decode}, which stays the simple reference.
 */
final class MessageReader {
  private static final int SLAB = 512 * 1024;
  /** Payloads at least this long are handed on as slices; shorter ones are copied out. */
  private static final int SLICE_AT_LEAST = SLAB / 16;

  private final InputStream in;
  private byte[] slab = new byte[SLAB];
  private int pos;
  private int limit;
  /** Whether a slice of the current slab has been handed on (so it must not be overwritten). */
  private boolean shared;

  MessageReader(InputStream in) {
    this.in = in;
  }

  /** The next message, or null at a clean end of stream between messages. */
  Message next(MessageCodec.DataLimit dataLimit) throws IOException {
    if (!ensure(1, true)) {
      return null;
    }
    int type = slab[pos] & 0xff;
    int body = MessageCodec.bodySize(type);
    ensure(1 + body, false);
    int at = pos + 1;
    Message m = switch (type) {
      case Message.OPEN -> new Message.Open(u32(at), u32(at + 4), u32(at + 8));
      case Message.OPEN_CONFIRM -> new Message.OpenConfirm(u32(at), u32(at + 4), u32(at + 8), u32(at + 12));
      case Message.OPEN_FAILURE -> new Message.OpenFailure(u32(at));
      case Message.WINDOW_ADJUST -> new Message.WindowAdjust(u32(at), u32(at + 4));
      case Message.EOF -> new Message.Eof(u32(at));
      case Message.CLOSE -> new Message.Close(u32(at));
      case Message.DATA -> null;
      default -> throw new AssertionError(type);
    };
    if (m != null) {
      pos += 1 + body;
      return m;
    }
    long recipient = u32(at);
    long length = u32(at + 4);
    dataLimit.check(recipient, length);
    if (length > Integer.MAX_VALUE - 16) {
      throw new ProtocolException("DATA length " + length + " is larger than any buffer");
    }
    int total = 9 + (int) length;
    ensure(total, false);
    int start = pos + 9;
    pos += total;
    if (length >= SLICE_AT_LEAST) {
      shared = true;
      return new Message.Data(recipient, slab, start, (int) length);
    }
    byte[] payload = new byte[(int) length];
    System.arraycopy(slab, start, payload, 0, payload.length);
    return new Message.Data(recipient, payload);
  }

  /**
   * Makes {@code n} bytes from {@code pos} available, reading as much as the slab has room for.
   * Returns false only at a clean end of stream when {@code boundary} (nothing of a message read).
   */
  private boolean ensure(int n, boolean boundary) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (slab.length - pos < n) {
      makeRoom(n);
    }
    while (limit - pos < n) {
      int r = in.read(slab, limit, slab.length - limit);
      if (r < 0) {
        if (boundary && limit == pos) {
          return false;
        }
        int type = slab[pos] & 0xff;
        throw new ProtocolException(
            "connection ended inside a message of type " + type + " (" + (limit - pos) + " of " + n + " bytes)");
      }
      limit += r;
    }
    return true;
  }

  /** Moves the unread bytes to the start of a slab with room for {@code n}. */
  private void makeRoom(int n) {
    int unread = limit - pos;
    if (shared || n > slab.length) {
      byte[] next = new byte[Math.max(SLAB, n)];
      System.arraycopy(slab, pos, next, 0, unread);
      slab = next;
      shared = false;
    } else {
      System.arraycopy(slab, pos, slab, 0, unread);
    }
    pos = 0;
    limit = unread;
  }

  private long u32(int at) {
    return MessageCodec.uint32(slab, at);
  }
}
