package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The golden vectors of QTALK-WIRE §2.10 A and B, byte for byte. */
class MessageCodecTest {
  private static final MessageCodec.DataLimit ANY = (ch, len) -> {};

  static Stream<Arguments> vectorA() {
    return Stream.of(
        Arguments.of("A1", new Message.Open(10, 1024, 1L << 31), "640000000a0000040080000000"),
        Arguments.of("A2", new Message.OpenConfirm(20, 10, 1024, 1L << 31), "65000000140000000a0000040080000000"),
        Arguments.of("A3", new Message.OpenFailure(20), "6600000014"),
        Arguments.of("A4", new Message.WindowAdjust(20, 1024), "670000001400000400"),
        Arguments.of("A5", new Message.Data(10, "Hello".getBytes(StandardCharsets.US_ASCII)), "680000000a0000000548656c6c6f"),
        Arguments.of("A6", new Message.Data(10, new byte[0]), "680000000a00000000"),
        Arguments.of("A7", new Message.Eof(10), "690000000a"),
        Arguments.of("A8", new Message.Close(10), "6a0000000a"),
        Arguments.of("A9", new Message.Open(0xfffffffeL, 0xffffffffL, 9), "64fffffffeffffffff00000009"),
        Arguments.of("A10", new Message.Open(0, 1L << 30, 1L << 24), "64000000004000000001000000"),
        Arguments.of("A11", new Message.Open(5, 2 * 1024 * 1024, 32 * 1024), "64000000050020000000008000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorA")
  void encodesExactly(String id, Message message, String hex) {
    assertThat(HexFormat.of().formatHex(MessageCodec.encode(message))).isEqualTo(hex);
    assertThat(MessageCodec.size(message)).isEqualTo(hex.length() / 2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorA")
  void decodesExactly(String id, Message message, String hex) throws IOException {
    var in = new ByteArrayInputStream(HexFormat.of().parseHex(hex));
    assertThat(MessageCodec.decode(in, ANY)).isEqualTo(message);
    assertThat(MessageCodec.decode(in, ANY)).as("clean end after the message").isNull();
  }

  @Test
  void streamVectorDecodesToNineMessages() throws IOException {
    String stream =
        "640000000a0000040080000000" + "65000000140000000a0000040080000000" + "6600000014"
            + "670000001400000400" + "680000000a0000000548656c6c6f" + "680000000a00000000"
            + "690000000a" + "6a0000000a" + "64fffffffeffffffff00000009";
    byte[] bytes = HexFormat.of().parseHex(stream);
    // QTALK-WIRE §2.10 B says 98 bytes, but its own hex (vectors 1-9) is 90: 13+17+5+9+14+9+5+5+13.
    assertThat(bytes).hasSize(90);
    var in = new ByteArrayInputStream(bytes);
    List<Message> decoded = new ArrayList<>();
    for (Message m; (m = MessageCodec.decode(in, ANY)) != null; ) {
      decoded.add(m);
    }
    List<Message> expected = vectorA().limit(9).map(a -> (Message) a.get()[1]).toList();
    assertThat(decoded).containsExactlyElementsOf(expected);
  }

  @Test
  void unknownTypeIsAProtocolError() {
    var in = new ByteArrayInputStream(HexFormat.of().parseHex("5e00000005"));
    assertThatThrownBy(() -> MessageCodec.decode(in, ANY))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("unexpected message type 94");
  }

  @Test
  void truncatedMessageIsAProtocolError() {
    var in = new ByteArrayInputStream(HexFormat.of().parseHex("6400000007000004"));
    assertThatThrownBy(() -> MessageCodec.decode(in, ANY))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("ended inside a message");
  }

  @Test
  void dataLengthIsCheckedBeforeThePayloadIsRead() {
    // A 4 GiB length with no payload behind it: the limit refuses it before any allocation.
    var in = new ByteArrayInputStream(HexFormat.of().parseHex("6800000001ffffffff"));
    List<Long> seen = new ArrayList<>();
    assertThatThrownBy(
            () -> MessageCodec.decode(in, (ch, len) -> {
              seen.add(len);
              throw new ProtocolException("DATA length " + len + " exceeds 16");
            }))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("4294967295");
    assertThat(seen).containsExactly(0xffffffffL);
  }

  @Test
  void refusesFieldsOutsideUint32() {
    assertThatThrownBy(() -> MessageCodec.encode(new Message.Eof(1L << 32)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
