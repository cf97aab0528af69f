package dev.qtalk.qmux.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.enums.Role;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidFrameException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.FramedataImpl1;
import org.java_websocket.protocols.IProtocol;

/**
 * RFC 6455 as Java-WebSocket's {@link Draft_6455} speaks it (no extensions), except that payloads
 * are masked and unmasked eight bytes at a time: the library does it one byte at a time on both
 * ends, which held a Java client's sending to about a quarter of qmux+tcp's speed. A client's
 * binary frames get a fresh random key each from a {@link SecureRandom}, as with the library.
 *
 * <p>Incoming frames are decoded here as the bytes arrive ({@link #translateFrame}): the header is
 * collected (at most 14 bytes), checked (reserved bits, opcode, control frame rules, the length
 * against the frame limit: {@link LimitExceededException}, close code 1009) before the payload
 * buffer is allocated, and the payload is unmasked as it is copied. The frames are then processed
 * by the library as usual.
 *
 * <p>A binary frame of about one large qmux message ({@link BufferPool#WS_FRAME}) is received and
 * built in a pooled array, which {@link #release} gives back once it is read or written: bulk traffic then allocates (and zeroes) no 64 KiB buffer per message.
 */
final class WsDraft extends Draft_6455 {
  // native order: the XOR is bytewise, so the key is laid out to match and no byte is swapped
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
  private final List<IProtocol> protocols;
  private final int maxFrameSize;
  private final SecureRandom random = new SecureRandom();

  WsDraft(List<IProtocol> protocols, int maxFrameSize) {
    super(List.of(), protocols, maxFrameSize);
    this.protocols = protocols;
    this.maxFrameSize = maxFrameSize;
  }

  @Override
  public Draft copyInstance() {
    return new WsDraft(protocols, maxFrameSize);
  }

  // ---- decoding state: one frame at a time ----
  private final byte[] head = new byte[14];
  private int headLength;
  private ByteBuffer payload; // non-null once the header is complete
  private boolean fin;
  private Opcode opcode;
  private boolean masked;
  private int key;

  @Override
  public void reset() {
    super.reset();
    headLength = 0;
    payload = null;
  }

  @Override
  public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
    List<Framedata> frames = new ArrayList<>(4);
    while (buffer.hasRemaining()) {
      if (payload == null) {
        int need = headerLength();
        while (headLength < need && buffer.hasRemaining()) {
          head[headLength++] = buffer.get();
          need = headerLength();
        }
        if (headLength < need) {
          return frames;
        }
        startPayload();
      }
      int n = Math.min(buffer.remaining(), payload.remaining());
      ByteBuffer part = buffer.slice(buffer.position(), n);
      buffer.position(buffer.position() + n);
      if (masked) {
        mask(part, payload, Integer.rotateLeft(key, 8 * (payload.position() & 3)));
      } else {
        payload.put(part);
      }
      if (!payload.hasRemaining()) {
        frames.add(finishFrame());
      }
    }
    if (payload != null && !payload.hasRemaining()) {
      frames.add(finishFrame()); // an empty payload right after its header
    }
    return frames;
  }

  /** How long the header is, as far as the bytes so far tell. */
  private int headerLength() {
    if (headLength < 2) {
      return 2;
    }
    int len7 = head[1] & 0x7F;
    return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((head[1] & 0x80) != 0 ? 4 : 0);
  }

  private void startPayload() throws InvalidDataException {
    int b0 = head[0] & 0xFF;
    if ((b0 & 0x70) != 0) {
      throw new InvalidFrameException("reserved bits set: " + Integer.toBinaryString(b0 >> 4 & 7) + " (expected: none, no extension was negotiated)");
    }
    fin = (b0 & 0x80) != 0;
    opcode = opcode(b0 & 0x0F);
    masked = (head[1] & 0x80) != 0;
    int len7 = head[1] & 0x7F;
    ByteBuffer h = ByteBuffer.wrap(head, 2, headLength - 2);
    long length = len7 == 126 ? h.getShort() & 0xFFFF : len7 == 127 ? h.getLong() : len7;
    boolean control = opcode == Opcode.CLOSING || opcode == Opcode.PING || opcode == Opcode.PONG;
    if (control && (!fin || length > 125)) {
      throw new InvalidFrameException("control frame " + opcode + " fragmented or longer than 125 bytes (expected: neither)");
    }
    if (length < 0 || length > maxFrameSize) {
      throw new LimitExceededException("frame of " + Long.toUnsignedString(length) + " bytes (expected: at most " + maxFrameSize + ")", maxFrameSize);
    }
    if (masked) {
      key = h.getInt();
    }
    payload = opcode == Opcode.BINARY && fin && pooled(length)
        ? ByteBuffer.wrap(BufferPool.WS_FRAMES.take(), 0, (int) length)
        : ByteBuffer.allocate((int) length);
  }

  /** Whether a frame of this length lives in a pooled array. */
  private static boolean pooled(long length) {
    return length >= BufferPool.WS_FRAME / 2 && length <= BufferPool.WS_FRAME;
  }

  /**
   * Gives a frame's array back to the pool once nothing reads it any more: a received binary
   * frame's payload once the stream has read it all, a frame this draft built once it is written.
   * A buffer not from the pool is left alone.
   */
  static void release(ByteBuffer frame) {
    if (frame.hasArray() && frame.arrayOffset() == 0 && frame.array().length == BufferPool.WS_FRAME) {
      BufferPool.WS_FRAMES.give(frame.array());
    }
  }

  private Framedata finishFrame() throws InvalidDataException {
    FramedataImpl1 frame = FramedataImpl1.get(opcode);
    frame.setFin(fin);
    frame.setPayload(payload.flip());
    frame.isValid();
    payload = null;
    headLength = 0;
    return frame;
  }

  private static Opcode opcode(int code) throws InvalidFrameException {
    return switch (code) {
      case 0 -> Opcode.CONTINUOUS;
      case 1 -> Opcode.TEXT;
      case 2 -> Opcode.BINARY;
      case 8 -> Opcode.CLOSING;
      case 9 -> Opcode.PING;
      case 10 -> Opcode.PONG;
      default -> throw new InvalidFrameException("unknown opcode " + code);
    };
  }

  @Override
  public ByteBuffer createBinaryFrame(Framedata frame) {
    Opcode op = frame.getOpcode();
    if ((op != Opcode.BINARY && op != Opcode.CONTINUOUS) || frame.isRSV1() || frame.isRSV2() || frame.isRSV3()) {
      return super.createBinaryFrame(frame);
    }
    return frame((frame.isFin() ? 0x80 : 0) | (op == Opcode.BINARY ? 0x2 : 0x0), frame.getPayloadData());
  }

  /**
   * One final binary frame whose payload is the remaining bytes of {@code pieces}, in order: a
   * message spread over several buffers is copied once, into the frame, with no join before.
   * The pieces' positions do not move.
   */
  ByteBuffer binaryFrame(ByteBuffer... pieces) {
    return frame(0x80 | 0x2, pieces);
  }

  private ByteBuffer frame(int firstByte, ByteBuffer... pieces) {
    boolean client = getRole() == Role.CLIENT;
    long total = 0;
    for (ByteBuffer p : pieces) {
      total += p.remaining();
    }
    int length = Math.toIntExact(total);
    int lengthBytes = length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
    int size = Math.addExact(2 + lengthBytes + (client ? 4 : 0), length);
    // every frame is written by WsLink, which gives pooled ones back once written
    ByteBuffer out = pooled(size) ? ByteBuffer.wrap(BufferPool.WS_FRAMES.take(), 0, size) : ByteBuffer.allocate(size);
    int maskBit = client ? 0x80 : 0;
    out.put((byte) firstByte);
    if (lengthBytes == 0) {
      out.put((byte) (maskBit | length));
    } else if (lengthBytes == 2) {
      out.put((byte) (maskBit | 126)).putShort((short) length);
    } else {
      out.put((byte) (maskBit | 127)).putLong(length);
    }
    if (client) {
      int key = random.nextInt();
      out.putInt(key);
      int done = 0;
      for (ByteBuffer p : pieces) {
        mask(p, out, Integer.rotateLeft(key, 8 * (done & 3))); // the key goes on across pieces
        done += p.remaining();
      }
    } else {
      for (ByteBuffer p : pieces) {
        out.put(p.duplicate());
      }
    }
    return out.flip();
  }

  /**
   * Copies {@code in} to {@code out} XOR the 4-byte {@code key}, a long at a time; {@code in}'s
   * position does not move, {@code out}'s moves past what was written.
   */
  static void mask(ByteBuffer in, ByteBuffer out, int key) {
    if (in.hasArray() && out.hasArray()) {
      int n = in.remaining();
      maskArrays(in.array(), in.arrayOffset() + in.position(), out.array(), out.arrayOffset() + out.position(), n, key);
      out.position(out.position() + n);
      return;
    }
    ByteBuffer src = in.duplicate().order(ByteOrder.BIG_ENDIAN);
    out.order(ByteOrder.BIG_ENDIAN);
    long wide = ((long) key << 32) | (key & 0xFFFFFFFFL);
    while (src.remaining() >= 8) {
      out.putLong(src.getLong() ^ wide);
    }
    for (int i = 0; src.hasRemaining(); i++) { // fewer than 8 left, starting at key byte 0
      out.put((byte) (src.get() ^ (key >>> (24 - 8 * (i & 3)))));
    }
  }

  private static void maskArrays(byte[] in, int from, byte[] out, int to, int n, int key) {
    int laid = LITTLE ? Integer.reverseBytes(key) : key; // key byte 0 first in memory
    long wide = ((long) laid << 32) | (laid & 0xFFFFFFFFL);
    int longs = n & ~7;
    // this loop's shape (a counted loop from 0 to a bound fixed in advance) is what lets C2
    // vectorize it: written as "i + 8 <= n" it ran at a third of the speed
    for (int i = 0; i < longs; i += 8) {
      LONGS.set(out, to + i, (long) LONGS.get(in, from + i) ^ wide);
    }
    for (int i = longs, k = 0; i < n; i++, k++) { // fewer than 8 left, starting at key byte 0
      out[to + i] = (byte) (in[from + i] ^ (key >>> (24 - 8 * (k & 3))));
    }
  }
}
