package dev.qtalk.ssh.openssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.Response;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** The exchange both OpenSSH directions run: rpc calls, concurrent calls and bulk bytes. */
final class OpenSshInterop {
  private OpenSshInterop() {}

  static void exchange(Session session) throws Exception {
    Client client = Client.of(session);
    assertThat(client.call("upper", "hello through openssh", String.class)).isEqualTo("HELLO THROUGH OPENSSH");

    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(client.callAsync("upper", "call " + i, String.class));
    }
    for (int i = 0; i < 8; i++) {
      assertThat(calls.get(i).get()).isEqualTo("CALL " + i);
    }

    byte[] data = new byte[2 * 1024 * 1024 + 5];
    new Random(11).nextBytes(data);
    try (Response r = client.invoke("echo", null)) {
      assertThat(r.continued()).isTrue();
      Channel ch = r.channel();
      CompletableFuture<byte[]> back =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  ByteArrayOutputStream out = new ByteArrayOutputStream();
                  ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
                  while (ch.read(buf) >= 0) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                  }
                  return out.toByteArray();
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      ch.write(ByteBuffer.wrap(data));
      ch.closeWrite();
      byte[] got = back.get(); int i = Arrays.mismatch(got, data); assertThat(i).as("first mismatch of " + got.length + " bytes echoed, " + data.length + " sent").isEqualTo(-1);
    }
  }
}
