package dev.qtalk.bench.micro;

import dev.qtalk.rpc.Codec;
import dev.qtalk.rpc.Dialect;
import dev.qtalk.rpc.internal.Headers;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What an rpc call costs before any I/O: its header and a 64-byte argument encoded, and the reply
 * header decoded, with each codec. {@code jackson} is the same value through a bare Jackson
 * mapper of the codec's format: the floor our framing adds to.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CallEncoding {
  @Param({"cbor", "json"})
  public String codec;

  private Codec c;
  private byte[] payload;
  private byte[] reply;

  @Setup
  public void setUp() throws IOException {
    c = Codec.named(codec);
    payload = new byte[64];
    reply = Headers.encodeReply(c, Dialect.QTALK, null, false);
  }

  @Benchmark
  public int qtalkCall() throws IOException {
    byte[] head = Headers.encodeCall(c, Dialect.QTALK, "echo");
    byte[] args = c.encode(payload);
    Headers.Reply r = Headers.decodeReply(c, reply);
    return head.length + args.length + (r.continued() ? 1 : 0);
  }

  @Benchmark
  public int jackson() throws IOException {
    return c.mapper().writeValueAsBytes(payload).length;
  }
}
