package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Role;
import org.java_websocket.framing.BinaryFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.protocols.Protocol;
import org.junit.jupiter.api.Test;

/** The client's fast masking produces frames that the library's own decoder reads back intact. */
class WsDraftTest {

  @Test
  void maskingAGroupOfEightMatchesTheBytewiseRule() {
    Random r = new Random(7);
    for (int n = 0; n < 40; n++) {
      byte[] data = new byte[n];
      r.nextBytes(data);
      int key = r.nextInt();
      // arrays at an offset (the fast path), and direct buffers (the general one)
      ByteBuffer[] ins = {ByteBuffer.wrap(pad(data, 3)).position(3).slice(), ByteBuffer.allocateDirect(n).put(data).flip()};
      ByteBuffer[] outs = {ByteBuffer.allocate(n + 5).position(5).slice(), ByteBuffer.allocateDirect(n)};
      for (int way = 0; way < 2; way++) {
        ByteBuffer out = outs[way];
        WsDraft.mask(ins[way], out, key);
        assertThat(ins[way].position()).isZero();
        assertThat(out.position()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
          byte k = (byte) (key >>> (24 - 8 * (i % 4)));
          assertThat(out.get(i)).as("byte %d of %d, way %d", i, n, way).isEqualTo((byte) (data[i] ^ k));
        }
      }
    }
  }

  private static byte[] pad(byte[] data, int front) {
    byte[] padded = new byte[front + data.length];
    System.arraycopy(data, 0, padded, front, data.length);
    return padded;
  }

  @Test
  void aServersFramesAreTheLibrarysBytesAndLargeOnesArePooled() {
    WsDraft ours = draft(Role.SERVER);
    Draft_6455 library = new Draft_6455(List.of(), 1 << 20);
    library.setParseMode(Role.SERVER);
    Random r = new Random(5);
    for (int n : new int[] {0, 1, 125, 126, 32_000, 32_780, 65_536 + 9, 65_536 + 18, 65_536 + 19, 300_001}) {
      byte[] data = new byte[n];
      r.nextBytes(data);
      BinaryFrame frame = finalBinary(data);
      ByteBuffer wire = ours.createBinaryFrame(frame);
      assertThat(wire).as("%d bytes", n).isEqualTo(library.createBinaryFrame(frame));
      boolean pooled = wire.hasArray() && wire.array().length == BufferPool.WS_FRAME;
      assertThat(pooled).as("%d bytes pooled", n).isEqualTo(wire.remaining() >= BufferPool.WS_FRAME / 2 && wire.remaining() <= BufferPool.WS_FRAME);
      WsDraft.release(wire);
    }
  }

  @Test
  void aFrameBuiltFromPiecesIsTheFrameOfTheirJoinedBytes() throws Exception {
    // a large DATA message reaches the link as its header and its payload, in separate parts
    WsDraft serverSide = draft(Role.SERVER);
    WsDraft clientSide = draft(Role.CLIENT);
    Random r = new Random(11);
    for (int n : new int[] {0, 1, 9, 130, 65_536 + 9, 300_001}) {
      byte[] data = new byte[n];
      r.nextBytes(data);
      for (int cuts = 0; cuts < 4; cuts++) {
        ByteBuffer[] pieces = split(data, cuts, r);
        BinaryFrame joined = finalBinary(data);
        ByteBuffer fromServer = serverSide.binaryFrame(pieces);
        assertThat(fromServer).as("%d bytes in %d pieces", n, pieces.length).isEqualTo(serverSide.createBinaryFrame(joined));
        // a client's frame is masked with a fresh key, the key running on across the pieces
        ByteBuffer fromClient = clientSide.binaryFrame(pieces);
        Framedata read = serverSide.translateFrame(fromClient).get(0);
        assertThat(read.isFin()).isTrue();
        assertThat(read.getOpcode()).isEqualTo(org.java_websocket.enums.Opcode.BINARY);
        assertThat(read.getPayloadData()).as("%d bytes in %d pieces, masked", n, pieces.length).isEqualTo(ByteBuffer.wrap(data));
        for (ByteBuffer p : pieces) {
          assertThat(p.position()).as("a piece's position does not move").isZero();
        }
        WsDraft.release(fromServer);
        WsDraft.release(fromClient);
      }
    }
  }

  /** A draft that speaks for one side, no sub-protocol, frames up to 1 MiB. */
  private static WsDraft draft(Role role) {
    WsDraft d = new WsDraft(List.of(new Protocol("")), 1 << 20);
    d.setParseMode(role);
    return d;
  }

  /** One final binary frame of {@code data}. */
  private static BinaryFrame finalBinary(byte[] data) {
    BinaryFrame frame = new BinaryFrame();
    frame.setPayload(ByteBuffer.wrap(data));
    frame.setFin(true);
    return frame;
  }

  /** {@code data} as {@code cuts + 1} slices at random places (empty ones included). */
  private static ByteBuffer[] split(byte[] data, int cuts, Random r) {
    int[] at = new int[cuts + 2];
    at[cuts + 1] = data.length;
    for (int i = 1; i <= cuts; i++) {
      at[i] = data.length == 0 ? 0 : r.nextInt(data.length + 1);
    }
    java.util.Arrays.sort(at);
    ByteBuffer[] pieces = new ByteBuffer[cuts + 1];
    for (int i = 0; i <= cuts; i++) {
      pieces[i] = ByteBuffer.wrap(data, at[i], at[i + 1] - at[i]).slice();
    }
    return pieces;
  }

  @Test
  void aLargeReceivedFrameIsAPooledArrayThatTheStreamGivesBackOnceRead() throws Exception {
    WsDraft server = draft(Role.SERVER);
    WsDraft client = draft(Role.CLIENT);
    byte[] data = new byte[65_536 + 9];
    new Random(3).nextBytes(data);
    BinaryFrame frame = finalBinary(data);
    ByteBuffer payload = server.translateFrame(client.createBinaryFrame(frame)).get(0).getPayloadData();
    assertThat(payload.array()).hasSize(BufferPool.WS_FRAME);
    assertThat(payload.remaining()).isEqualTo(data.length);

    FrameInputStream in = new FrameInputStream(1 << 20);
    in.offer(payload);
    byte[] read = new byte[data.length];
    assertThat(in.readNBytes(read, 0, data.length - 1)).isEqualTo(data.length - 1);
    assertThat(pooled(payload.array())).as("partly read: still the stream's").isFalse();
    in.readNBytes(read, data.length - 1, 1);
    assertThat(read).isEqualTo(data);
    assertThat(pooled(payload.array())).as("read in full: back in the pool").isTrue();
  }

  /** Whether the shared pool holds this array (the pool is looked through and left as it was). */
  private static boolean pooled(byte[] array) {
    java.util.List<byte[]> taken = new java.util.ArrayList<>();
    boolean found = false;
    for (int n = BufferPool.WS_FRAMES.spares(); n > 0 && !found; n--) {
      byte[] b = BufferPool.WS_FRAMES.take();
      taken.add(b);
      found = b == array;
    }
    taken.forEach(BufferPool.WS_FRAMES::give);
    return found;
  }

  @Test
  void framesOfEveryLengthClassDecodeWithTheLibrarysServerDraft() throws Exception {
    WsDraft client = draft(Role.CLIENT);
    Draft_6455 server = new Draft_6455(List.of(), 1 << 20);
    server.setParseMode(Role.SERVER);
    Random r = new Random(11);
    for (int n : new int[] {0, 1, 7, 8, 9, 125, 126, 127, 40_000, 65535, 65536, 65550, 300_001}) {
      byte[] data = new byte[n];
      r.nextBytes(data);
      BinaryFrame frame = finalBinary(data);
      ByteBuffer wire = client.createBinaryFrame(frame);
      assertThat(wire.get(1) & 0x80).as("mask bit").isEqualTo(0x80);
      boolean pooled = wire.hasArray() && wire.array().length == BufferPool.WS_FRAME;
      assertThat(pooled).as("%d bytes pooled", n).isEqualTo(wire.remaining() >= BufferPool.WS_FRAME / 2 && wire.remaining() <= BufferPool.WS_FRAME);
      List<Framedata> decoded = server.translateFrame(wire);
      assertThat(decoded).hasSize(1);
      ByteBuffer got = decoded.get(0).getPayloadData();
      byte[] back = new byte[got.remaining()];
      got.get(back);
      assertThat(back).as("payload of %d bytes", n).isEqualTo(data);
    }
  }

  /** Frames the library's client draft makes, fed to the fast decoder in pieces of every size. */
  @Test
  void theDecoderReadsTheLibrarysFramesHoweverTheBytesAreSplit() throws Exception {
    Draft_6455 client = new Draft_6455(List.of(), 1 << 20);
    client.setParseMode(Role.CLIENT);
    Random r = new Random(3);
    ByteBuffer wire = ByteBuffer.allocate(2 << 20);
    List<byte[]> sent = new java.util.ArrayList<>();
    for (int n : new int[] {0, 5, 125, 126, 65535, 65536, 100_003}) {
      byte[] data = new byte[n];
      r.nextBytes(data);
      sent.add(data);
      BinaryFrame frame = finalBinary(data);
      wire.put(client.createBinaryFrame(frame));
    }
    org.java_websocket.framing.PingFrame ping = new org.java_websocket.framing.PingFrame();
    ping.setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    wire.put(client.createBinaryFrame(ping));
    wire.flip();
    for (int piece : new int[] {1, 2, 3, 7, 13, 4096, 1 << 21}) {
      WsDraft server = draft(Role.SERVER);
      List<Framedata> got = new java.util.ArrayList<>();
      ByteBuffer all = wire.duplicate();
      while (all.hasRemaining()) {
        int n = Math.min(piece, all.remaining());
        ByteBuffer chunk = ByteBuffer.allocate(n);
        chunk.put(all.slice(all.position(), n)).flip();
        all.position(all.position() + n);
        got.addAll(server.translateFrame(chunk));
      }
      assertThat(got).as("pieces of %d", piece).hasSize(sent.size() + 1);
      for (int i = 0; i < sent.size(); i++) {
        ByteBuffer p = got.get(i).getPayloadData();
        byte[] back = new byte[p.remaining()];
        p.get(back);
        assertThat(back).as("frame %d in pieces of %d", i, piece).isEqualTo(sent.get(i));
        assertThat(got.get(i).isFin()).isTrue();
      }
      assertThat(got.get(sent.size()).getOpcode()).isEqualTo(org.java_websocket.enums.Opcode.PING);
    }
  }

  @Test
  void aFrameOverTheLimitIsRefusedFromItsHeaderAndBadHeadersAreProtocolErrors() {
    WsDraft server = new WsDraft(List.of(new Protocol("")), 1024);
    server.setParseMode(Role.SERVER);
    ByteBuffer huge = ByteBuffer.wrap(new byte[] {(byte) 0x82, (byte) 0xFF, 0x7F, -1, -1, -1, -1, -1, -1, -1, 1, 2, 3, 4});
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.translateFrame(huge))
        .isInstanceOf(org.java_websocket.exceptions.LimitExceededException.class)
        .hasMessageContaining("at most 1024");
    WsDraft other = new WsDraft(List.of(new Protocol("")), 1024);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.translateFrame(ByteBuffer.wrap(new byte[] {(byte) 0xC2, 0})))
        .isInstanceOf(org.java_websocket.exceptions.InvalidFrameException.class)
        .hasMessageContaining("reserved bits");
    WsDraft third = new WsDraft(List.of(new Protocol("")), 1024);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> third.translateFrame(ByteBuffer.wrap(new byte[] {(byte) 0x09, 0})))
        .isInstanceOf(org.java_websocket.exceptions.InvalidFrameException.class)
        .hasMessageContaining("control frame");
    WsDraft fourth = new WsDraft(List.of(new Protocol("")), 1024);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fourth.translateFrame(ByteBuffer.wrap(new byte[] {(byte) 0x83, 0})))
        .isInstanceOf(org.java_websocket.exceptions.InvalidFrameException.class)
        .hasMessageContaining("unknown opcode 3");
  }
}
