package dev.qtalk.qmux.internal;

import dev.qtalk.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Encodes messages to bytes and decodes them from a stream (QTALK-WIRE §2.2): one type byte, fixed
 * big-endian uint32 fields, and for DATA a payload. Stateless; the decoder never allocates more
 * than the caller's limit allows.
 */
public final class MessageCodec {
  private MessageCodec() {}

  /** Decides how long a DATA payload may be, before anything is allocated for it. */
  @FunctionalInterface
  public interface DataLimit {
    /**
     * Called with a DATA header; throws {@link ProtocolException} to refuse the payload.
     */
    void check(long recipientId, long length) throws ProtocolException;
  }

  /** The encoded size of a message. */
  public static int size(Message m) {
    return switch (m) {
      case Message.Open o -> 13;
      case Message.OpenConfirm c -> 17;
      case Message.OpenFailure f -> 5;
      case Message.WindowAdjust w -> 9;
      case Message.Data d -> 9 + d.length();
      case Message.DirectData d -> 9 + d.length();
      case Message.Eof e -> 5;
      case Message.Close c -> 5;
    };
  }

  /** Encodes {@code m} into a new array of exactly {@link #size} bytes. */
  public static byte[] encode(Message m) {
    byte[] out = new byte[size(m)];
    out[0] = (byte) m.type();
    switch (m) {
      case Message.Open o -> {
        putUint32(out, 1, o.senderId());
        putUint32(out, 5, o.windowSize());
        putUint32(out, 9, o.maxPacketSize());
      }
      case Message.OpenConfirm c -> {
        putUint32(out, 1, c.recipientId());
        putUint32(out, 5, c.senderId());
        putUint32(out, 9, c.windowSize());
        putUint32(out, 13, c.maxPacketSize());
      }
      case Message.OpenFailure f -> putUint32(out, 1, f.recipientId());
      case Message.WindowAdjust w -> {
        putUint32(out, 1, w.recipientId());
        putUint32(out, 5, w.additionalBytes());
      }
      case Message.Data d -> {
        putUint32(out, 1, d.recipientId());
        putUint32(out, 5, d.length());
        System.arraycopy(d.payload(), d.offset(), out, 9, d.length());
      }
      case Message.DirectData d -> {
        putUint32(out, 1, d.recipientId());
        putUint32(out, 5, d.length());
        d.payload().get(d.payload().position(), out, 9, d.length());
      }
      case Message.Eof e -> putUint32(out, 1, e.recipientId());
      case Message.Close c -> putUint32(out, 1, c.recipientId());
    }
    return out;
  }

  /** Encodes {@code m} at {@code out}'s position; the caller makes sure {@link #size} bytes fit. */
  static void encodeInto(Message m, java.nio.ByteBuffer out) {
    out.put((byte) m.type());
    switch (m) {
      case Message.Open o -> out.putInt((int) o.senderId()).putInt((int) o.windowSize()).putInt((int) o.maxPacketSize());
      case Message.OpenConfirm c ->
          out.putInt((int) c.recipientId()).putInt((int) c.senderId()).putInt((int) c.windowSize())
              .putInt((int) c.maxPacketSize());
      case Message.OpenFailure f -> out.putInt((int) f.recipientId());
      case Message.WindowAdjust w -> out.putInt((int) w.recipientId()).putInt((int) w.additionalBytes());
      case Message.Data d -> out.putInt((int) d.recipientId()).putInt(d.length()).put(d.payload(), d.offset(), d.length());
      case Message.DirectData d -> out.putInt((int) d.recipientId()).putInt(d.length()).put(d.payload().duplicate());
      case Message.Eof e -> out.putInt((int) e.recipientId());
      case Message.Close c -> out.putInt((int) c.recipientId());
    }
  }

  /**
   * Reads one message.
   *
   * @return the message, or null at a clean end of stream (between messages)
   * @throws ProtocolException for an unknown type, a refused DATA length, or a message cut short
   */
  public static Message decode(InputStream in, DataLimit limit) throws IOException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    byte[] body = new byte[bodySize(type)];
    readFully(in, body, type);
    return switch (type) {
      case Message.OPEN -> new Message.Open(uint32(body, 0), uint32(body, 4), uint32(body, 8));
      case Message.OPEN_CONFIRM ->
          new Message.OpenConfirm(uint32(body, 0), uint32(body, 4), uint32(body, 8), uint32(body, 12));
      case Message.OPEN_FAILURE -> new Message.OpenFailure(uint32(body, 0));
      case Message.WINDOW_ADJUST -> new Message.WindowAdjust(uint32(body, 0), uint32(body, 4));
      case Message.DATA -> {
        long recipient = uint32(body, 0);
        long length = uint32(body, 4);
        limit.check(recipient, length);
        if (length > Integer.MAX_VALUE - 16) {
          throw new ProtocolException("DATA length " + length + " is larger than any buffer");
        }
        byte[] payload = new byte[(int) length];
        readFully(in, payload, type);
        yield new Message.Data(recipient, payload);
      }
      case Message.EOF -> new Message.Eof(uint32(body, 0));
      case Message.CLOSE -> new Message.Close(uint32(body, 0));
      default -> throw new AssertionError(type);
    };
  }

  static int bodySize(int type) throws ProtocolException {
    return switch (type) {
      case Message.OPEN -> 12;
      case Message.OPEN_CONFIRM -> 16;
      case Message.OPEN_FAILURE, Message.EOF, Message.CLOSE -> 4;
      case Message.WINDOW_ADJUST, Message.DATA -> 8;
      default -> throw new ProtocolException("unexpected message type " + type);
    };
  }

  private static void readFully(InputStream in, byte[] b, int type) throws IOException {
    int n = 0;
    while (n < b.length) {
      int r;
      try {
        r = in.read(b, n, b.length - n);
      } catch (EOFException e) {
        r = -1;
      }
      if (r < 0) {
        throw new ProtocolException(
            "connection ended inside a message of type " + type + " (" + n + " of " + b.length + " bytes)");
      }
      n += r;
    }
  }

  static long uint32(byte[] b, int off) {
    return ((b[off] & 0xffL) << 24) | ((b[off + 1] & 0xffL) << 16) | ((b[off + 2] & 0xffL) << 8) | (b[off + 3] & 0xffL);
  }

  static void putUint32(byte[] b, int off, long v) {
    if (v < 0 || v > Message.MAX_UINT32) {
      throw new IllegalArgumentException("uint32: " + v + " (expected: 0 to 2^32-1)");
    }
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
