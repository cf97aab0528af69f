package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The session's slab decoder gives the same messages as the reference codec, however bytes arrive. */
class MessageReaderTest {
  private static final MessageCodec.DataLimit ANY = (ch, len) -> {};

  @Test
  void decodesTheStreamVectorOneByteAtATime() throws IOException {
    byte[] stream = HexFormat.of().parseHex(
        "640000000a0000040080000000" + "65000000140000000a0000040080000000" + "6600000014"
            + "670000001400000400" + "680000000a0000000548656c6c6f" + "680000000a00000000"
            + "690000000a" + "6a0000000a" + "64fffffffeffffffff00000009");
    assertThat(readAll(new Trickle(stream, 1))).containsExactlyElementsOf(readReference(stream));
  }

  @Test
  void largeAndSmallPayloadsSurviveSlabBoundariesIntact() throws IOException {
    Random random = new Random(42);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    List<Message> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] payload = new byte[random.nextInt(3) == 0 ? random.nextInt(200_000) : random.nextInt(100)];
      random.nextBytes(payload);
      Message m = new Message.Data(i, payload);
      sent.add(m);
      wire.writeBytes(MessageCodec.encode(m));
      wire.writeBytes(MessageCodec.encode(new Message.WindowAdjust(i, i + 1)));
      sent.add(new Message.WindowAdjust(i, i + 1));
    }
    byte[] bytes = wire.toByteArray();
    assertThat(readAll(new Trickle(bytes, 7777))).containsExactlyElementsOf(sent);
    assertThat(readAll(new ByteArrayInputStream(bytes))).containsExactlyElementsOf(sent);
  }

  @Test
  void largePayloadsReadIntoDirectBuffersArriveIntact() throws IOException {
    Random random = new Random(7);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    List<Message> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int size = switch (i % 4) {
        case 0, 1 -> BufferPool.LARGE_PAYLOAD; // read into a direct buffer
        case 2 -> random.nextInt(100);
        default -> BufferPool.LARGE_PAYLOAD + 1 + random.nextInt(1000); // into an array of its own
      };
      byte[] payload = new byte[size];
      random.nextBytes(payload);
      Message m = new Message.Data(i, payload);
      sent.add(m);
      wire.writeBytes(MessageCodec.encode(m));
    }
    byte[] bytes = wire.toByteArray();
    for (int step : new int[] {1000, 7777, 1 << 20}) {
      Trickle in = new Trickle(bytes, step);
      List<Message> got = readAll(in, scattering(in));
      assertThat(got).containsExactlyElementsOf(sent);
    }
    Trickle in = new Trickle(bytes, 7777);
    MessageReader reader = new MessageReader(in, scattering(in));
    assertThat(reader.next(ANY)).isInstanceOf(Message.DirectData.class);
  }

  @Test
  void aDirectReadCutShortIsAProtocolError() {
    byte[] whole = MessageCodec.encode(new Message.Data(3, new byte[BufferPool.LARGE_PAYLOAD]));
    Trickle in = new Trickle(java.util.Arrays.copyOf(whole, whole.length - 1), 5000);
    assertThatThrownBy(() -> readAll(in, scattering(in)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("ended inside a message of type 104 (65544 of 65545 bytes)");
  }

  @Test
  void anIdleReaderHoldsNoSlab() throws IOException {
    byte[] wire = MessageCodec.encode(new Message.Data(1, new byte[100_000]));
    MessageReader[] reader = new MessageReader[1];
    List<Boolean> heldWhileWaiting = new ArrayList<>();
    InputStream in = new InputStream() {
      private int served;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (served == wire.length) {
          heldWhileWaiting.add(reader[0].holdsSlab()); // the reader waits for the peer here
          return -1;
        }
        int n = Math.min(len, wire.length - served);
        System.arraycopy(wire, served, b, off, n);
        served += n;
        return n;
      }
    };
    reader[0] = new MessageReader(in);
    assertThat(reader[0].next(ANY)).isInstanceOf(Message.Data.class);
    assertThat(reader[0].holdsSlab()).as("while a message is being handled").isTrue();
    assertThat(reader[0].next(ANY)).isNull();
    assertThat(heldWhileWaiting).containsExactly(false);
  }

  @Test
  void truncatedAndUnknownInputIsAProtocolError() {
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(HexFormat.of().parseHex("6800000001000000ff0102"))))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("ended inside a message");
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(HexFormat.of().parseHex("5e00000005"))))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("unexpected message type 94");
  }

  @Test
  void theDataLimitIsAskedBeforeThePayloadIsRead() {
    var in = new ByteArrayInputStream(HexFormat.of().parseHex("6800000001ffffffff"));
    assertThatThrownBy(
            () -> new MessageReader(in).next((ch, len) -> {
              throw new ProtocolException("too long: " + len);
            }))
        .hasMessage("too long: 4294967295");
  }

  private static List<Message> readAll(InputStream in) throws IOException {
    return readAll(in, null);
  }

  private static List<Message> readAll(InputStream in, java.nio.channels.ScatteringByteChannel direct)
      throws IOException {
    MessageReader reader = new MessageReader(in, direct);
    List<Message> out = new ArrayList<>();
    for (Message m; (m = reader.next(ANY)) != null; ) {
      // a payload is a slice of the reader's slab, valid until the next call: keep a copy
      out.add(switch (m) {
        case Message.Data d -> new Message.Data(
            d.recipientId(), java.util.Arrays.copyOfRange(d.payload(), d.offset(), d.offset() + d.length()));
        case Message.DirectData d -> {
          byte[] copy = new byte[d.length()];
          d.payload().get(d.payload().position(), copy);
          yield new Message.Data(d.recipientId(), copy);
        }
        default -> m;
      });
    }
    return out;
  }

  /**
   * A scattering channel over {@code in} that, as a socket does, fills its buffers in order with
   * whatever one read of the stream brings, so a read for a payload's end brings in what follows.
   */
  private static java.nio.channels.ScatteringByteChannel scattering(InputStream in) {
    return new java.nio.channels.ScatteringByteChannel() {
      private final java.nio.channels.ReadableByteChannel one = java.nio.channels.Channels.newChannel(in);

      @Override
      public int read(java.nio.ByteBuffer dst) throws IOException {
        return one.read(dst);
      }

      @Override
      public long read(java.nio.ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
          int want = dsts[i].remaining();
          if (want == 0) {
            continue;
          }
          int n = one.read(dsts[i]);
          if (n < 0) {
            return total > 0 ? total : -1;
          }
          total += n;
          if (n < want) {
            break;
          }
        }
        return total;
      }

      @Override
      public long read(java.nio.ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
      }

      @Override
      public boolean isOpen() {
        return one.isOpen();
      }

      @Override
      public void close() throws IOException {
        one.close();
      }
    };
  }

  private static List<Message> readReference(byte[] bytes) throws IOException {
    var in = new ByteArrayInputStream(bytes);
    List<Message> out = new ArrayList<>();
    for (Message m; (m = MessageCodec.decode(in, ANY)) != null; ) {
      out.add(m);
    }
    return out;
  }

  /** Hands out at most {@code step} bytes per read, as a slow socket would. */
  private static final class Trickle extends ByteArrayInputStream {
    private final int step;

    Trickle(byte[] bytes, int step) {
      super(bytes);
      this.step = step;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, step));
    }
  }
}
