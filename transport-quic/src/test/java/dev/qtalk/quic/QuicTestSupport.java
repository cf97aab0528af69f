package dev.qtalk.quic;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;

/** Connected quic session pairs on loopback, with one self-signed certificate for the whole run. */
final class QuicTestSupport {
  static final SelfSignedCertificate CERT = SelfSignedCertificate.create();

  /** Blocking helpers run on virtual threads: the common pool has one thread on two cores. */
  static final java.util.concurrent.ExecutorService VT = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  private QuicTestSupport() {}

  record Pair(Session client, Session server, SessionListener listener) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      server.close();
      listener.close();
    }
  }

  static Pair pair(Options options) throws IOException {
    SessionListener listener = Transports.listen(URI.create("quic://127.0.0.1:0"),
        Options.builder().setAll(options).setAll(CERT.serverOptions()).build());
    try {
      Session client = Transports.connect(listener.uri(),
          Options.builder().setAll(options).setAll(CERT.clientOptions()).build());
      return new Pair(client, listener.accept(), listener);
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
  }

  static byte[] readN(Channel ch, int n) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        throw new EOFException("end of stream after " + buf.position() + " of " + n + " bytes");
      }
    }
    return buf.array();
  }

  /** Reads to end of stream, returning how many bytes came and folding them into a checksum. */
  static long[] drain(Channel ch, int bufferSize) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(bufferSize);
    long total = 0;
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    int n;
    while ((n = ch.read(buf.clear())) >= 0) {
      crc.update(buf.array(), 0, n);
      total += n;
    }
    return new long[] {total, crc.getValue()};
  }

  static byte[] pattern(int n, long seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  static long crc(byte[] b) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(b);
    return crc.getValue();
  }
}
