package dev.qtalk.qmux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How a large DATA message is laid out in the writer's segments. */
class OutboundTest {
  @Test
  void a64KiBPayloadAndItsHeaderAreOneSegment() throws Exception {
    byte[] payload = random(BufferPool.LARGE_PAYLOAD);
    Outbound o = Outbound.data(null, 9, ByteBuffer.wrap(payload), payload.length, BufferPool.HEAP_OUT);
    try {
      assertThat(o.encoded).as("one part of a gathering write, one write of a TLS stream").hasSize(1);
      assertThat(decode(o)).isEqualTo(new Message.Data(9, payload));
    } finally {
      o.release();
    }
  }

  @Test
  void aLargerPayloadSpreadsOverSegmentsInOrder() throws Exception {
    byte[] payload = random(150_000);
    Outbound o = Outbound.data(null, 3, ByteBuffer.wrap(payload), payload.length, BufferPool.HEAP_OUT);
    try {
      assertThat(o.encoded).hasSize(3);
      assertThat(o.size()).isEqualTo(9 + payload.length);
      assertThat(decode(o)).isEqualTo(new Message.Data(3, payload));
    } finally {
      o.release();
    }
  }

  private static Message decode(Outbound o) throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (ByteBuffer b : o.encoded) {
      byte[] part = new byte[b.remaining()];
      b.get(b.position(), part);
      wire.writeBytes(part);
    }
    return MessageCodec.decode(new ByteArrayInputStream(wire.toByteArray()), (ch, len) -> {});
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }
}
