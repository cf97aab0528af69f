package dev.qtalk.qmux.internal;

import dev.qtalk.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ScatteringByteChannel;

/**
 * The session's decoder: reads the connection into a slab and parses messages out of it. A small
 * DATA payload is handed on as a slice of the slab, valid only until the next call (the channel
 * copies it into its own buffer). A payload of at least {@link #OWNED_AT} bytes gets an array of
 * its own, of exactly its size, and is read from the connection straight into it: the channel keeps
 * that array, so bulk data is never copied between the socket and the application's buffer, and
 * the heap it takes is the payload's own size. Arrays of the most common large size (64 KiB) come
 * from a pool, and go back to it once read. Where the connection reads into direct buffers (a
 * socket channel), a 64 KiB payload goes into a pooled direct buffer instead, which saves the copy
 * the JDK makes when a socket reads into a heap array. The slab is pooled: while the connection is idle the
 * reader gives it back and waits in a read of a few bytes, so an idle session holds no slab.
 *
 * <p>Same format and checks as {@link MessageCodec#decode}, which stays the simple reference.
 */
final class MessageReader {
  private static final int PROBE = 64;
  /** Payloads this long or longer are arrays of their own, which the receiver may keep. */
  static final int OWNED_AT = 64 * 1024;

  private final InputStream in;
  private final ScatteringByteChannel direct; // null where the connection has no direct reads
  private final byte[] probe = new byte[PROBE];
  private final ByteBuffer probeBuffer = ByteBuffer.wrap(probe);
  private final ByteBuffer[] payloadThenProbe = {null, probeBuffer};
  private int carried; // bytes at the start of probe that a payload's read brought in after it
  private byte[] slab; // null while idle
  private int pos;
  private int limit;

  MessageReader(InputStream in) {
    this(in, null);
  }

  MessageReader(InputStream in, ScatteringByteChannel direct) {
    this.in = in;
    this.direct = direct;
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
    if (length == BufferPool.LARGE_PAYLOAD && direct != null) {
      return ownedDirect(recipient);
    }
    if (length >= OWNED_AT) {
      return owned(recipient, (int) length);
    }
    int total = 9 + (int) length;
    ensure(total, false);
    int start = pos + 9;
    pos += total;
    return new Message.Data(recipient, slab, start, (int) length);
  }

  /** A large payload: what the slab has of it is copied, the rest is read straight into it. */
  private Message.Data owned(long recipient, int length) throws IOException {
    byte[] payload = length == BufferPool.LARGE_PAYLOAD ? BufferPool.LARGE_PAYLOADS.take() : new byte[length];
    pos += 9;
    int have = Math.min(limit - pos, length);
    System.arraycopy(slab, pos, payload, 0, have);
    pos += have;
    while (have < length) {
      int r = in.read(payload, have, length - have);
      if (r < 0) {
        throw new ProtocolException(
            "connection ended inside a message of type " + Message.DATA + " (" + (9 + have) + " of " + (9 + length) + " bytes)");
      }
      have += r;
    }
    return new Message.Data(recipient, payload, 0, length);
  }

  /**
   * A large payload read into a pooled direct buffer: what the slab has of it is copied, and the
   * socket reads the rest straight in, one copy fewer than a read into a heap array.
   */
  private Message.DirectData ownedDirect(long recipient) throws IOException {
    ByteBuffer payload = BufferPool.DIRECT_IN.take().clear();
    pos += 9;
    int have = Math.min(limit - pos, payload.remaining());
    payload.put(slab, pos, have);
    pos += have;
    probeBuffer.clear();
    payloadThenProbe[0] = payload;
    try {
      // one scattering read takes the payload's end and what follows it (the next header, as a
      // rule), so that the next message needs no read of its own to begin
      while (payload.hasRemaining()) {
        if (direct.read(payloadThenProbe) < 0) {
          throw new ProtocolException("connection ended inside a message of type " + Message.DATA + " ("
              + (9 + payload.position()) + " of " + (9 + payload.capacity()) + " bytes)");
        }
      }
    } catch (IOException | RuntimeException e) {
      BufferPool.DIRECT_IN.give(payload);
      throw e;
    } finally {
      payloadThenProbe[0] = null;
    }
    carried = probeBuffer.position();
    return new Message.DirectData(recipient, payload.flip());
  }

  /** Whether a slab is held (none while the connection is idle). */
  boolean holdsSlab() {
    return slab != null;
  }

  /** Gives the slab back (the session has ended). */
  void release() {
    if (slab != null && slab.length == BufferPool.SLAB) {
      BufferPool.SLABS.give(slab);
    }
    slab = null;
  }

  /**
   * Makes {@code n} bytes from {@code pos} available, reading as much as the slab has room for.
   * Returns false only at a clean end of stream when {@code boundary} (nothing of a message read).
   */
  private boolean ensure(int n, boolean boundary) throws IOException {
    if (slab != null && limit - pos >= n) {
      return true;
    }
    if (slab == null || limit == pos) {
      if (!refill(boundary)) {
        return false;
      }
      if (limit - pos >= n) {
        return true;
      }
    }
    if (slab.length - pos < n) {
      makeRoom(n);
    }
    while (limit - pos < n) {
      int r = in.read(slab, limit, slab.length - limit);
      if (r < 0) {
        int type = slab[pos] & 0xff;
        throw new ProtocolException(
            "connection ended inside a message of type " + type + " (" + (limit - pos) + " of " + n + " bytes)");
      }
      limit += r;
    }
    return true;
  }

  /**
   * Nothing is buffered: gives the slab back and waits for the peer with a small read, then takes
   * a slab again for what follows.
   */
  private boolean refill(boolean boundary) throws IOException {
    release();
    int r = carried;
    carried = 0;
    while (r == 0) {
      r = in.read(probe, 0, PROBE);
    }
    if (r < 0) {
      if (boundary) {
        return false;
      }
      throw new ProtocolException("connection ended inside a message");
    }
    slab = BufferPool.SLABS.take();
    System.arraycopy(probe, 0, slab, 0, r);
    pos = 0;
    limit = r;
    return true;
  }

  /** Moves the unread bytes to the start of a slab with room for {@code n}. */
  private void makeRoom(int n) {
    int unread = limit - pos;
    if (n > slab.length) {
      byte[] next = new byte[n];
      System.arraycopy(slab, pos, next, 0, unread);
      release();
      slab = next;
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
