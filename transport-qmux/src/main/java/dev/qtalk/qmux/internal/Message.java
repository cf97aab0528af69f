package dev.qtalk.qmux.internal;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The seven qmux messages (QTALK-WIRE §2.4). Every {@code uint32} field is held in a {@code long}
 * so the whole unsigned range survives. OPEN names the sender's channel; every other message
 * names the recipient's.
 */
public sealed interface Message {
  int OPEN = 100;
  int OPEN_CONFIRM = 101;
  int OPEN_FAILURE = 102;
  int WINDOW_ADJUST = 103;
  int DATA = 104;
  int EOF = 105;
  int CLOSE = 106;

  /** The largest value of a uint32 field. */
  long MAX_UINT32 = 0xffff_ffffL;

  /** The type byte. */
  int type();

  /** The channel number the message carries (the sender's for OPEN, else the recipient's). */
  long channel();

  record Open(long senderId, long windowSize, long maxPacketSize) implements Message {
    public int type() { return OPEN; }
    public long channel() { return senderId; }
  }

  record OpenConfirm(long recipientId, long senderId, long windowSize, long maxPacketSize)
      implements Message {
    public int type() { return OPEN_CONFIRM; }
    public long channel() { return recipientId; }
  }

  record OpenFailure(long recipientId) implements Message {
    public int type() { return OPEN_FAILURE; }
    public long channel() { return recipientId; }
  }

  record WindowAdjust(long recipientId, long additionalBytes) implements Message {
    public int type() { return WINDOW_ADJUST; }
    public long channel() { return recipientId; }
  }

  /** DATA; {@code payload[offset, offset + length)} is the data, which the record does not copy. */
  record Data(long recipientId, byte[] payload, int offset, int length) implements Message {
    public Data(long recipientId, byte[] payload) {
      this(recipientId, payload, 0, payload.length);
    }

    public int type() { return DATA; }
    public long channel() { return recipientId; }

    @Override
    public boolean equals(Object o) {
      return o instanceof Data d
          && d.recipientId == recipientId
          && java.util.Arrays.equals(
              d.payload, d.offset, d.offset + d.length, payload, offset, offset + length);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(recipientId) * 31 + length;
    }

    @Override
    public String toString() {
      return "Data[recipientId=" + recipientId + ", length=" + length + "]";
    }

    /** The payload as hex, for tests and debugging; never logged. */
    public String hex() {
      return HexFormat.of().formatHex(payload, offset, offset + length);
    }
  }

  /**
   * DATA whose payload the session's reader read from the connection straight into a pooled
   * direct buffer of its own: {@code payload}'s position to its limit is the data, and the
   * receiving channel keeps the buffer. The reader makes these only where the connection reads
   * into direct buffers (a socket channel); on the wire it is DATA.
   */
  record DirectData(long recipientId, ByteBuffer payload) implements Message {
    public int type() { return DATA; }
    public long channel() { return recipientId; }
    public int length() { return payload.remaining(); }

    @Override
    public String toString() {
      return "DirectData[recipientId=" + recipientId + ", length=" + length() + "]";
    }
  }

  record Eof(long recipientId) implements Message {
    public int type() { return EOF; }
    public long channel() { return recipientId; }
  }

  record Close(long recipientId) implements Message {
    public int type() { return CLOSE; }
    public long channel() { return recipientId; }
  }

  /** A one-line trace of the message, never its payload: {@code DATA ch=3 len=16384}. */
  static String trace(Message m) {
    return switch (m) {
      case Open o -> "OPEN sender=" + o.senderId() + " window=" + o.windowSize() + " maxpkt=" + o.maxPacketSize();
      case OpenConfirm c -> "OPEN_CONFIRM ch=" + c.recipientId() + " sender=" + c.senderId()
          + " window=" + c.windowSize() + " maxpkt=" + c.maxPacketSize();
      case OpenFailure f -> "OPEN_FAILURE ch=" + f.recipientId();
      case WindowAdjust w -> "WINDOW_ADJUST ch=" + w.recipientId() + " +" + w.additionalBytes();
      case Data d -> "DATA ch=" + d.recipientId() + " len=" + d.length();
      case DirectData d -> "DATA ch=" + d.recipientId() + " len=" + d.length();
      case Eof e -> "EOF ch=" + e.recipientId();
      case Close c -> "CLOSE ch=" + c.recipientId();
    };
  }
}
