package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.rpc.internal.Headers;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The optional deadline field of the call header, byte for byte: absent without a deadline (the
 * header is exactly the reference peers'), after the selector with one. qtalk-go decodes the header
 * into a struct without such a field and {@code @progrium/duplex} reads only {@code S}, so both
 * ignore it (NodeDeadlineInteropTest shows duplex doing so).
 */
class DeadlineHeaderTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void withoutADeadlineTheHeaderIsUnchanged() throws Exception {
    assertThat(utf8(Headers.encodeCall(Codec.json(), Dialect.QTALK, "echo"))).isEqualTo("{\"Selector\":\"echo\"}\n");
    assertThat(utf8(Headers.encodeCall(Codec.jsonCompact(), Dialect.DUPLEX, "echo"))).isEqualTo("{\"S\":\"echo\"}");
    assertThat(HEX.formatHex(Headers.encodeCall(Codec.cbor(), Dialect.QTALK, "echo")))
        .isEqualTo("a1" + "6853656c6563746f72" + "646563686f");
  }

  @Test
  void aDeadlineIsTheMillisecondsLeftAfterTheSelector() throws Exception {
    assertThat(utf8(Headers.encodeCall(Codec.json(), Dialect.QTALK, "echo", 1500)))
        .isEqualTo("{\"Selector\":\"echo\",\"Timeout\":1500}\n");
    assertThat(utf8(Headers.encodeCall(Codec.jsonCompact(), Dialect.DUPLEX, "echo", 1500)))
        .isEqualTo("{\"S\":\"echo\",\"T\":1500}");
    assertThat(HEX.formatHex(Headers.encodeCall(Codec.cbor(), Dialect.QTALK, "echo", 1500)))
        .isEqualTo("a2" + "6853656c6563746f72" + "646563686f" + "6754696d656f7574" + "1905dc");
    assertThat(HEX.formatHex(Headers.encodeCall(Codec.cbor(), Dialect.DUPLEX, "echo", 1500)))
        .isEqualTo("a2" + "6153" + "646563686f" + "6154" + "1905dc");
  }

  @Test
  void theServerReadsTheFieldInEitherDialectAndIgnoresABadOne() throws Exception {
    assertThat(Headers.decodeCall(bytes("{\"Selector\":\"a\",\"Timeout\":250}\n"), Dialect.QTALK).timeoutMillis())
        .isEqualTo(250);
    assertThat(Headers.decodeCall(HEX.parseHex("a2" + "6153" + "6161" + "6154" + "1905dc"), Dialect.QTALK))
        .isEqualTo(new Headers.IncomingCall("a", Dialect.DUPLEX, Codec.cbor(), 1500));
    assertThat(Headers.decodeCall(bytes("{\"S\":\"a\",\"T\":\"soon\"}"), Dialect.QTALK).timeoutMillis()).isEqualTo(-1);
    assertThat(Headers.decodeCall(bytes("{\"S\":\"a\",\"T\":-5}"), Dialect.QTALK).timeoutMillis()).isEqualTo(-1);
    assertThat(Headers.decodeCall(bytes("{\"S\":\"a\",\"T\":1.5}"), Dialect.QTALK).timeoutMillis()).isEqualTo(-1);
    assertThat(Headers.decodeCall(bytes("{\"S\":\"a\"}"), Dialect.QTALK).timeoutMillis()).isEqualTo(-1);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
