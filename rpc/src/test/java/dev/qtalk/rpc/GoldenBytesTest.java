package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.rpc.internal.Frames;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The captured calls of QTALK-WIRE §3.9 as byte tests: what the Java client and responder write,
 * and that they accept what the reference peers wrote. The far end of each session is a scripted
 * peer that reads and writes raw channel bytes.
 */
@Timeout(30)
class GoldenBytesTest {
  private static final HexFormat HEX = HexFormat.of();

  // (a) qtalk dialect, Go, JSON
  static final byte[] A_CALL = frame("{\"Selector\":\"echo\"}\n");
  static final byte[] A_ARG = frame("\"hello\"\n");
  static final byte[] A_REPLY = frame("{\"Error\":null,\"Continue\":false}\n");
  static final byte[] A_VALUE = frame("\"hello\"\n");
  static final byte[] A_NIL = frame("null\n");
  static final byte[] A_ERROR = frame("{\"Error\":\"boom\",\"Continue\":false}\n");
  // (b) qtalk dialect, Go, CBOR (fxamacker 2.4.0)
  static final byte[] B_CALL = hex("0000000f a1 68 53656c6563746f72 64 6563686f");
  static final byte[] B_ARG = hex("00000006 65 68656c6c6f");
  static final byte[] B_REPLY = hex("00000012 a2 65 4572726f72 f6 68 436f6e74696e7565 f4");
  static final byte[] B_VALUE = hex("00000006 65 68656c6c6f");
  static final byte[] B_ERROR = hex("00000016 a2 65 4572726f72 64 626f6f6d 68 436f6e74696e7565 f4");
  static final byte[] B_NIL = hex("00000001 f6");
  // (c) duplex dialect, npm @progrium/duplex 0.2.2 (cbor-x: map16, undefined)
  static final byte[] C_CALL = hex("0000000a b9 0001 61 53 64 6563686f");
  static final byte[] C_ARG = hex("00000006 65 68656c6c6f");
  static final byte[] C_REPLY = hex("00000009 b9 0002 61 45 f7 61 43 f4");
  static final byte[] C_VALUE = hex("00000006 65 68656c6c6f");
  static final byte[] C_ERROR = hex("0000000d b9 0002 61 45 64 626f6f6d 61 43 f4");
  // (d) duplex dialect, npm @progrium/duplex 0.2.2, JSON (no newline)
  static final byte[] D_CALL = frame("{\"S\":\"echo\"}");
  static final byte[] D_ARG = frame("\"hello\"");
  static final byte[] D_REPLY = frame("{\"C\":false}");
  static final byte[] D_ERROR = frame("{\"E\":\"boom\",\"C\":false}");
  static final byte[] D_NIL = frame("null");

  private MemPair pair;

  @AfterEach
  void close() {
    if (pair != null) {
      pair.close();
    }
  }

  // ---- what the client writes, and accepts ----

  @Test
  void qtalkJsonClientWritesGoBytesAndAcceptsGoReply() throws Exception {
    clientCase(Codec.json(), Dialect.QTALK, "hello", concat(A_CALL, A_ARG), concat(A_REPLY, A_VALUE));
  }

  @Test
  void qtalkCborClientWritesGoBytesAndAcceptsGoReply() throws Exception {
    clientCase(Codec.cbor(), Dialect.QTALK, "hello", concat(B_CALL, B_ARG), concat(B_REPLY, B_VALUE));
  }

  @Test
  void duplexJsonClientWritesNodeBytesAndAcceptsNodeReply() throws Exception {
    clientCase(Codec.jsonCompact(), Dialect.DUPLEX, "hello", concat(D_CALL, D_ARG), concat(D_REPLY, frame("\"hello\"")));
  }

  @Test
  void duplexCborClientWritesPreferredCborAndAcceptsNodeMap16AndUndefined() throws Exception {
    // cbor-x writes {S:"echo"} as map16 (b9 0001); Java writes the preferred a1 form, as
    // toolkit-go's fxamacker does. Both decode to the same header.
    byte[] javaCall = hex("00000008 a1 61 53 64 6563686f");
    assertThat(Codec.cbor().decodeTree(body(javaCall))).isEqualTo(Codec.cbor().decodeTree(body(C_CALL)));
    clientCase(Codec.cbor(), Dialect.DUPLEX, "hello", concat(javaCall, C_ARG), concat(C_REPLY, C_VALUE));
  }

  @Test
  void clientReadsEachCapturedErrorReplyAsRemoteException() throws Exception {
    record Case(Codec codec, Dialect dialect, byte[] reply) {}
    for (Case c :
        new Case[] {
          new Case(Codec.json(), Dialect.QTALK, concat(A_ERROR, A_NIL)),
          new Case(Codec.cbor(), Dialect.QTALK, concat(B_ERROR, B_NIL)),
          new Case(Codec.cbor(), Dialect.DUPLEX, concat(C_ERROR, B_NIL)),
          new Case(Codec.jsonCompact(), Dialect.DUPLEX, concat(D_ERROR, D_NIL)),
        }) {
      pair = MemPair.open();
      Client client = Client.builder(pair.client()).codec(c.codec()).dialect(c.dialect()).build();
      CompletableFuture<Response> call = client.invokeAsync("echo", null);
      Channel s = pair.server().accept(Duration.ofSeconds(5));
      Frames.read(s, 1 << 20);
      Frames.read(s, 1 << 20);
      s.write(ByteBuffer.wrap(c.reply()));
      s.close();
      assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(RemoteException.class)
          .cause()
          .hasMessage("remote: boom")
          .extracting(e -> ((RemoteException) e).remoteMessage())
          .isEqualTo("boom");
      pair.close();
    }
  }

  @Test
  void clientWritesANilArgumentAsNull() throws Exception {
    pair = MemPair.open();
    Client client = Client.builder(pair.client()).codec(Codec.cbor()).build();
    CompletableFuture<Response> call = client.invokeAsync("echo", null);
    Channel s = pair.server().accept(Duration.ofSeconds(5));
    assertThat(readN(s, B_CALL.length + B_NIL.length)).isEqualTo(concat(B_CALL, B_NIL));
    s.write(ByteBuffer.wrap(concat(B_REPLY, B_NIL)));
    s.close();
    assertThat(call.get(5, TimeUnit.SECONDS).value().isNull()).isTrue();
  }

  private void clientCase(Codec codec, Dialect dialect, Object arg, byte[] expectedCall, byte[] reply)
      throws Exception {
    pair = MemPair.open();
    Client client = Client.builder(pair.client()).codec(codec).dialect(dialect).build();
    CompletableFuture<Response> call = client.invokeAsync("echo", arg);
    Channel s = pair.server().accept(Duration.ofSeconds(5));
    assertThat(HEX.formatHex(readN(s, expectedCall.length))).isEqualTo(HEX.formatHex(expectedCall));
    s.write(ByteBuffer.wrap(reply));
    s.close();
    Response r = call.get(5, TimeUnit.SECONDS);
    assertThat(r.value(String.class)).isEqualTo("hello");
    assertThat(r.values()).hasSize(1);
    assertThat(r.continued()).isFalse();
  }

  // ---- what the responder writes, and accepts ----

  @Test
  void responderAnswersGoJsonCallInGoJson() throws Exception {
    responderCase(concat(A_CALL, A_ARG), concat(A_REPLY, A_VALUE), false);
    responderCase(concat(A_CALL, A_NIL), concat(A_ERROR, A_NIL), true);
  }

  @Test
  void responderAnswersGoCborCallInGoCbor() throws Exception {
    responderCase(concat(B_CALL, B_ARG), concat(B_REPLY, B_VALUE), false);
    responderCase(concat(B_CALL, B_NIL), concat(B_ERROR, B_NIL), true);
  }

  @Test
  void responderAnswersNodeJsonCallInNodeJson() throws Exception {
    responderCase(concat(D_CALL, D_ARG), concat(D_REPLY, frame("\"hello\"")), false);
    responderCase(concat(D_CALL, D_NIL), concat(D_ERROR, D_NIL), true);
  }

  @Test
  void responderAcceptsNodeCborCallAndAnswersInPreferredDuplexCbor() throws Exception {
    // the reply is what toolkit-go's duplex (fxamacker) writes: {"E":null,"C":false} as a2 ...
    byte[] reply = hex("00000007 a2 61 45 f6 61 43 f4");
    assertThat(Headers(reply)).isEqualTo(Headers(C_REPLY));
    responderCase(concat(C_CALL, C_ARG), concat(reply, C_VALUE), false);
    byte[] error = hex("0000000b a2 61 45 64 626f6f6d 61 43 f4");
    assertThat(Headers(error)).isEqualTo(Headers(C_ERROR));
    responderCase(concat(C_CALL, B_NIL), concat(error, B_NIL), true);
  }

  private static Object Headers(byte[] frame) throws Exception {
    return Codec.cbor().decodeTree(body(frame));
  }

  private void responderCase(byte[] call, byte[] expectedReply, boolean fail) throws Exception {
    try (MemPair p = MemPair.open()) {
      Handler echo = (r, c) -> {
        Object v = c.receive();
        if (fail) {
          r.error("boom");
        } else {
          r.reply(v);
        }
      };
      Server.of(RespondMux.create().handle("echo", echo)).start(p.server());
      Channel c = p.client().open(Duration.ofSeconds(5));
      c.write(ByteBuffer.wrap(call));
      byte[] got = readAll(c);
      assertThat(HEX.formatHex(got)).isEqualTo(HEX.formatHex(expectedReply));
    }
  }

  // ---- helpers ----

  static byte[] frame(String utf8) {
    return Frames.encode(utf8.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] hex(String spaced) {
    return HEX.parseHex(spaced.replace(" ", ""));
  }

  static byte[] body(byte[] frame) {
    return java.util.Arrays.copyOfRange(frame, 4, frame.length);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] readN(Channel ch, int n) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new java.io.EOFException("after " + b.position() + " of " + n + " bytes");
      }
    }
    return b.array();
  }

  static byte[] readAll(Channel ch) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(4096);
    while (ch.read(b.clear()) >= 0) {
      out.write(b.array(), 0, b.position());
    }
    return out.toByteArray();
  }
}
