package dev.qtalk.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rules DI-*: every byte arrives, once, in order, whatever the sizes of writes and reads. */
abstract class DataRules extends RuleSuite {
  static final long BULK = TckProperties.bytes("qtalk.tck.bulkBytes", 1L << 30);
  static final int MIB = 1 << 20;

  DataRules(TransportTck kit) {
    super(kit);
  }

  /** Ends the writing side: half-close where supported, else a full (orderly) close. */
  final void finish(Channel ch) throws IOException {
    if (has(Capability.HALF_CLOSE)) {
      ch.closeWrite();
    } else {
      ch.close();
    }
  }

  @Test
  @DisplayName("DI-1 echo: 256 KiB written in random chunks comes back unchanged")
  void echo() throws Exception {
    Channel[] ch = openPair(pair());
    int size = 256 * 1024;
    SeededBytes data = new SeededBytes(1);
    Future<Void> echo =
        run(
            () -> {
              ByteBuffer buf = ByteBuffer.allocate(8192);
              long n = 0;
              while (n < size) {
                buf.clear();
                int r = ch[1].read(buf);
                assertThat(r).as("echo read at %d", n).isPositive();
                buf.flip();
                ch[1].write(buf);
                n += r;
              }
            });
    Future<Void> writer = run(() -> writeChunked(ch[0], data, size, new Random(11), 8192));
    byte[] back = readN(ch[0], size);
    data.verify(back, 0, size, 0);
    await(writer, PROMPT, "the writer");
    await(echo, PROMPT, "the echo");
  }

  @Test
  @DisplayName("DI-2 1 MiB of seeded random bytes one way arrives whole, then end of stream")
  void oneMebibyte() throws Exception {
    Channel[] ch = openPair(pair());
    SeededBytes data = new SeededBytes(2);
    Future<Void> writer =
        run(
            () -> {
              writeAll(ch[0], data.bytes(0, MIB));
              finish(ch[0]);
            });
    assertThat(readAllChecking(ch[1], data, 64 * 1024)).as("bytes before end of stream").isEqualTo(MIB);
    await(writer, PROMPT, "the writer");
  }

  @Test
  @DisplayName("DI-3 ping-pong: 1,000 round trips of 1 to 64 bytes")
  void pingPong() throws Exception {
    Channel[] ch = openPair(pair());
    Random sizes = new Random(3);
    SeededBytes data = new SeededBytes(3);
    Future<Void> ponger =
        run(
            () -> {
              ByteBuffer buf = ByteBuffer.allocate(64);
              while (true) {
                buf.clear();
                int n = ch[1].read(buf);
                if (n < 0) {
                  return;
                }
                buf.flip();
                ch[1].write(buf);
              }
            });
    long offset = 0;
    for (int i = 0; i < 1000; i++) {
      int n = 1 + sizes.nextInt(64);
      writeAll(ch[0], data.bytes(offset, n));
      data.verify(readN(ch[0], n), 0, n, offset);
      offset += n;
    }
    finish(ch[0]);
    if (has(Capability.HALF_CLOSE)) {
      await(ponger, PROMPT, "the ponger after end of stream");
    }
  }

  @Test
  @DisplayName("DI-4 a 0-byte write returns 0 and sends nothing; a read into a full buffer returns 0")
  void zeroBytes() throws Exception {
    Channel[] ch = openPair(pair());
    assertThat(ch[0].write(ByteBuffer.allocate(0))).isZero();
    assertThat(ch[1].read(ByteBuffer.allocate(0))).isZero();
    writeAll(ch[0], new byte[] {42});
    assertThat(readN(ch[1], 1)).containsExactly(42);
  }

  @Test
  @DisplayName("DI-5 4,096 one-byte writes arrive in order")
  void oneByteWrites() throws Exception {
    Channel[] ch = openPair(pair());
    SeededBytes data = new SeededBytes(5);
    Future<Void> writer =
        run(
            () -> {
              for (int i = 0; i < 4096; i++) {
                assertThat(ch[0].write(ByteBuffer.wrap(data.bytes(i, 1)))).isEqualTo(1);
              }
            });
    data.verify(readN(ch[1], 4096), 0, 4096, 0);
    await(writer, PROMPT, "the writer");
  }

  @Test
  @DisplayName("DI-6 64 KiB read through a 1-byte buffer arrive in order")
  void oneByteReads() throws Exception {
    Channel[] ch = openPair(pair());
    SeededBytes data = new SeededBytes(6);
    int size = 64 * 1024;
    Future<Void> writer = run(() -> writeAll(ch[0], data.bytes(0, size)));
    ByteBuffer one = ByteBuffer.allocate(1);
    for (int i = 0; i < size; i++) {
      one.clear();
      assertThat(ch[1].read(one)).as("1-byte read %d", i).isEqualTo(1);
      data.verify(one.array(), 0, 1, i);
    }
    await(writer, PROMPT, "the writer");
  }

  @Test
  @DisplayName("DI-7 one write larger than the max packet size (and the window) arrives whole")
  void largerThanMaxPacket() throws Exception {
    Options options = Options.defaults();
    int size = 4 * MIB;
    if (has(Capability.CONFIGURABLE_MAX_PACKET)) {
      options = Options.of(StandardOptions.MAX_PACKET_SIZE, 1024);
      size = MIB;
    }
    Channel[] ch = openPair(pair(options));
    SeededBytes data = new SeededBytes(7);
    byte[] big = data.bytes(0, size);
    Future<Integer> writer = async(() -> ch[0].write(ByteBuffer.wrap(big)));
    data.verify(readN(ch[1], size), 0, size, 0);
    assertThat(await(writer, PROMPT, "the single write")).isEqualTo(size);
  }

  @Test
  @DisplayName("DI-8 random chunking: 4 MiB with random write and read sizes arrive in order")
  void randomChunking() throws Exception {
    Channel[] ch = openPair(pair());
    SeededBytes data = new SeededBytes(8);
    int size = 4 * MIB;
    Future<Void> writer =
        run(
            () -> {
              writeChunked(ch[0], data, size, new Random(81), 65536);
              finish(ch[0]);
            });
    Random reads = new Random(82);
    long got = 0;
    byte[] buf = new byte[65536];
    while (true) {
      int n = ch[1].read(ByteBuffer.wrap(buf, 0, 1 + reads.nextInt(buf.length)));
      if (n < 0) {
        break;
      }
      data.verify(buf, 0, n, got);
      got += n;
    }
    assertThat(got).isEqualTo(size);
    await(writer, PROMPT, "the writer");
  }

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  @DisplayName("DI-9 1 GiB through one channel arrives without corruption (size: qtalk.tck.bulkBytes)")
  void bulk() throws Exception {
    Channel[] ch = openPair(pair());
    SeededBytes data = new SeededBytes(9);
    long t0 = System.nanoTime();
    Future<Void> writer =
        run(
            () -> {
              byte[] buf = new byte[256 * 1024];
              long sent = 0;
              while (sent < BULK) {
                int n = (int) Math.min(buf.length, BULK - sent);
                data.fill(buf, 0, n, sent);
                writeAll(ch[0], n == buf.length ? buf : java.util.Arrays.copyOf(buf, n));
                sent += n;
              }
              finish(ch[0]);
            });
    long got = readAllChecking(ch[1], data, 256 * 1024);
    await(writer, PROMPT, "the writer");
    long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    note("bulk", BULK + " bytes in " + ms + " ms (" + (BULK / 1000 / ms) + " MB/s with checking)");
    assertThat(got).isEqualTo(BULK);
  }

  @Test
  @DisplayName("DI-10 8 channels carrying 1 MiB each at once never mix their bytes")
  void channelsDoNotMix() throws Exception {
    SessionPair p = pair();
    List<Future<Void>> work = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Channel[] ch = openPair(p);
      SeededBytes data = new SeededBytes(100 + i);
      work.add(
          run(
              () -> {
                writeChunked(ch[0], data, MIB, new Random(ch[0].id()), 16384);
                finish(ch[0]);
              }));
      work.add(run(() -> assertThat(readAllChecking(ch[1], data, 8192)).isEqualTo(MIB)));
    }
    for (Future<Void> f : work) {
      await(f, LONG, "8 parallel transfers");
    }
  }

  @Test
  @DisplayName("DI-11 ByteBuffer contract: positions advance; direct, read-only and offset buffers work")
  void byteBufferContract() throws Exception {
    Channel[] ch = openPair(pair());
    ByteBuffer src = ByteBuffer.allocateDirect(100);
    for (int i = 0; i < 100; i++) {
      src.put((byte) i);
    }
    src.position(10).limit(60);
    assertThat(ch[0].write(src.asReadOnlyBuffer())).isEqualTo(50);
    assertThat(ch[0].write(src)).isEqualTo(50);
    assertThat(src.position()).as("source position after write").isEqualTo(60);
    ByteBuffer dst = ByteBuffer.allocateDirect(200);
    dst.position(5);
    int got = 0;
    while (got < 100) {
      int n = ch[1].read(dst);
      assertThat(n).isPositive();
      got += n;
    }
    assertThat(dst.position()).as("destination position after reads").isEqualTo(105);
    for (int i = 0; i < 100; i++) {
      assertThat(dst.get(5 + i)).isEqualTo((byte) (10 + i % 50));
    }
  }

  @Test
  @DisplayName("DI-12 stream views carry the same bytes; InputStream.read() returns 0-255; closing the OutputStream half-closes")
  void streamViews() throws Exception {
    Channel[] ch = openPair(pair());
    OutputStream out = ch[0].outputStream();
    InputStream in = ch[1].inputStream();
    out.write(0xFF);
    out.write(new byte[] {1, 2, 3}, 1, 2);
    assertThat(in.read()).isEqualTo(0xFF);
    byte[] two = in.readNBytes(2);
    assertThat(two).containsExactly(2, 3);
    if (has(Capability.HALF_CLOSE)) {
      out.close();
      java.util.concurrent.Callable<Integer> readOne = in::read;
      assertThat(await(async(readOne), PROMPT, "read after the peer's OutputStream.close()")).isEqualTo(-1);
    }
  }

  /** Writes {@code size} bytes of {@code data} in chunks of 1 to {@code maxChunk}. */
  static void writeChunked(Channel ch, SeededBytes data, int size, Random chunks, int maxChunk)
      throws IOException {
    long sent = 0;
    while (sent < size) {
      int n = (int) Math.min(size - sent, 1 + chunks.nextInt(maxChunk));
      writeAll(ch, data.bytes(sent, n));
      sent += n;
    }
  }
}
