package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.rpc.internal.Headers;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The codecs' tolerance of what reference peers send, and the header detection of a server. */
class CodecTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void jsonToleratesGoTrailingNewline() throws Exception {
    assertThat(Codec.json().decode(utf8("\"hello\"\n"), String.class)).isEqualTo("hello");
    assertThat(Codec.jsonCompact().decode(utf8("{\"a\":1}\n"), JsonNode.class).get("a").asInt()).isEqualTo(1);
    assertThat(new String(Codec.json().encode("x"), StandardCharsets.UTF_8)).isEqualTo("\"x\"\n");
    assertThat(new String(Codec.jsonCompact().encode("x"), StandardCharsets.UTF_8)).isEqualTo("\"x\"");
  }

  @Test
  void cborAcceptsMap16AndUndefined() throws Exception {
    JsonNode n = Codec.cbor().decodeTree(HEX.parseHex("b900026145f76143f4"));
    assertThat(n.get("E").isNull()).isTrue();
    assertThat(n.get("C").asBoolean()).isFalse();
  }

  @Test
  void cborWritesDefiniteLengthMapsAndByteStrings() throws Exception {
    assertThat(HEX.formatHex(Codec.cbor().encode(Map.of("foo", "bar")))).isEqualTo("a163666f6f63626172");
    assertThat(HEX.formatHex(Codec.cbor().encode(List.of(1, 2, 3)))).isEqualTo("83010203");
    assertThat(HEX.formatHex(Codec.cbor().encode(new byte[] {1, 2}))).isEqualTo("420102");
  }

  @Test
  void replyHeaderWithMissingFieldsMeansNoErrorNoContinue() throws Exception {
    assertThat(Headers.decodeReply(Codec.json(), utf8("{}\n"))).isEqualTo(new Headers.Reply(null, false));
    assertThat(Headers.decodeReply(Codec.jsonCompact(), utf8("{\"C\":true}")))
        .isEqualTo(new Headers.Reply(null, true));
    assertThat(Headers.decodeReply(Codec.json(), utf8("{\"Error\":\"x\",\"Extra\":1}")))
        .isEqualTo(new Headers.Reply("x", false));
  }

  @Test
  void callHeaderNamesItsCodecAndDialect() throws Exception {
    Headers.IncomingCall go = Headers.decodeCall(utf8("{\"Selector\":\"a.b\"}\n"), Dialect.QTALK);
    assertThat(go).isEqualTo(new Headers.IncomingCall("a.b", Dialect.QTALK, Codec.json()));
    Headers.IncomingCall node = Headers.decodeCall(utf8("{\"S\":\"x\"}"), Dialect.QTALK);
    assertThat(node).isEqualTo(new Headers.IncomingCall("x", Dialect.DUPLEX, Codec.jsonCompact()));
    Headers.IncomingCall cbor = Headers.decodeCall(HEX.parseHex("b900016153646563686f"), Dialect.QTALK);
    assertThat(cbor).isEqualTo(new Headers.IncomingCall("echo", Dialect.DUPLEX, Codec.cbor()));
    Headers.IncomingCall none = Headers.decodeCall(utf8("{}"), Dialect.DUPLEX);
    assertThat(none.selector()).isEmpty();
    assertThat(none.dialect()).isEqualTo(Dialect.DUPLEX);
  }

  @Test
  void callHeaderThatIsNeitherJsonNorCborMapIsRefused() {
    assertThatThrownBy(() -> Headers.decodeCall(new byte[] {0x65, 'h', 'e', 'l', 'l', 'o'}, Dialect.QTALK))
        .isInstanceOf(RpcException.class)
        .hasMessageContaining("expected: a JSON object '{' or a CBOR map");
    assertThatThrownBy(() -> Headers.decodeCall(utf8("[1]"), Dialect.QTALK)).isInstanceOf(RpcException.class);
  }

  @Test
  void anEmptyFrameOrTwoValuesInOneFrameAreRefused() {
    assertThatThrownBy(() -> Codec.json().decodeTree(new byte[0]))
        .isInstanceOf(RpcException.class)
        .hasMessage("empty json frame (expected: one encoded value)");
    assertThatThrownBy(() -> Codec.json().decodeTree(utf8("1 2"))).isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> Codec.cbor().decodeTree(HEX.parseHex("0102"))).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void namedCodecs() {
    assertThat(Codec.named("cbor")).isSameAs(Codec.cbor());
    assertThat(Codec.named("json-compact")).isSameAs(Codec.jsonCompact());
    assertThatThrownBy(() -> Codec.named("msgpack"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("codec: msgpack (expected: json, json-compact or cbor)");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
