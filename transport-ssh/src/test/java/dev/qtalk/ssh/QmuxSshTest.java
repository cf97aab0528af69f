package dev.qtalk.ssh;

import static dev.qtalk.ssh.SshTransportTest.ascii;
import static dev.qtalk.ssh.SshTransportTest.bytes;
import static dev.qtalk.ssh.SshTransportTest.readAll;
import static dev.qtalk.ssh.SshTransportTest.readN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qtalk.Channel;
import dev.qtalk.Options;
import dev.qtalk.QtalkException;
import dev.qtalk.Session;
import dev.qtalk.SessionClosedException;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code qmux+ssh} between our own client and server: qmux inside one SSH subsystem channel. */
@Timeout(60)
class QmuxSshTest {
  @TempDir Path dir;

  @Test
  void channelsBothWaysAndBulkDataThroughTheSubsystem() throws Exception {
    Session[] pair = SshPairs.connect("qmux+ssh", dir, Options.defaults());
    Session client = pair[0];
    Session server = pair[1];
    try {
      for (Session[] ends : new Session[][] {{client, server}, {server, client}}) {
        Channel a = ends[0].open(Duration.ofSeconds(10));
        Channel b = ends[1].accept(Duration.ofSeconds(10));
        a.write(ascii("ping"));
        assertThat(readN(b, 4)).isEqualTo(bytes("ping"));
        b.write(ascii("pong"));
        assertThat(readN(a, 4)).isEqualTo(bytes("pong"));
      }
      Channel a = client.open(Duration.ofSeconds(10));
      Channel b = server.accept(Duration.ofSeconds(10));
      byte[] data = new byte[5 * 1024 * 1024 + 3];
      new Random(7).nextBytes(data);
      CompletableFuture<byte[]> got =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return readAll(b);
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      a.write(ByteBuffer.wrap(data));
      a.closeWrite();
      assertThat(Arrays.equals(got.get(), data)).isTrue();

      client.close();
      server.closeFuture().get();
      assertThatThrownBy(() -> server.accept()).isInstanceOf(SessionClosedException.class);
    } finally {
      client.close();
      server.close();
    }
  }

  @Test
  void writesLargerThanASmallSshWindowArriveIntactOnChannelsBothWays() throws Exception {
    // a 64 KiB SSH window (and qmux window): the subsystem's window gate fills it again and again
    // and must wait for the peer's WINDOW_ADJUST each time, never in MINA's stream
    Options small = Options.builder().set(dev.qtalk.StandardOptions.WINDOW_SIZE, 64 * 1024).build();
    Session[] pair = SshPairs.connect("qmux+ssh", dir, small);
    try {
      List<CompletableFuture<Void>> flows = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int flow = i;
        Session from = pair[i % 2];
        Session to = pair[1 - i % 2];
        Channel a = from.open(Duration.ofSeconds(10));
        Channel b = to.accept(Duration.ofSeconds(10));
        byte[] data = new byte[3 * 1024 * 1024 + 11 * i];
        new Random(i).nextBytes(data);
        CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
          try {
            return readAll(b);
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }, Thread.ofVirtual()::start);
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
          try {
            for (int at = 0; at < data.length; at += 100_000) { // each write larger than the window
              a.write(ByteBuffer.wrap(data, at, Math.min(100_000, data.length - at)));
            }
            a.closeWrite();
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }, Thread.ofVirtual()::start);
        flows.add(sent.thenCombine(got, (v, bytes) -> {
          assertThat(Arrays.equals(bytes, data)).as("flow %d intact", flow).isTrue();
          return null;
        }));
      }
      CompletableFuture.allOf(flows.toArray(CompletableFuture[]::new)).get(50, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pair[0].close();
      pair[1].close();
    }
  }

  @Test
  void subsystemSessionsPerConnectionAreLimitedAndTheConnectionGoesOn() throws Exception {
    TestKeys keys = TestKeys.create(dir);
    Options server = keys.serverOptions(Options.of(SshOptions.MAX_SESSIONS, 2));
    SshClient raw = SshClient.setUpDefaultClient();
    try (SessionListener listener = Transports.listen(URI.create("qmux+ssh://127.0.0.1:0"), server)) {
      raw.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE); // our own server, just made
      raw.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(keys.client()));
      raw.start();
      ClientSession ssh =
          raw.connect("tester", "127.0.0.1", listener.uri().getPort()).verify(Duration.ofSeconds(10)).getSession();
      ssh.auth().verify(Duration.ofSeconds(10));
      ChannelSubsystem first = ssh.createSubsystemChannel("qtalk");
      first.open().verify(Duration.ofSeconds(10));
      ssh.createSubsystemChannel("qtalk").open().verify(Duration.ofSeconds(10));
      Session one = listener.accept();
      listener.accept();
      assertThatThrownBy(() -> ssh.createSubsystemChannel("qtalk").open().verify(Duration.ofSeconds(10)))
          .hasMessageContaining("session");
      assertThat(ssh.isOpen()).isTrue();
      one.close(); // ends the first subsystem channel: room for another
      first.waitFor(java.util.EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (true) {
        try {
          ssh.createSubsystemChannel("qtalk").open().verify(Duration.ofSeconds(10));
          break;
        } catch (java.io.IOException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(50);
        }
      }
      assertThat(listener.accept().isOpen()).isTrue();
    } finally {
      raw.stop();
    }
  }

  @Test
  void anUnknownSubsystemIsAClearError() throws Exception {
    TestKeys keys = TestKeys.create(dir);
    try (SessionListener listener =
        Transports.listen(URI.create("qmux+ssh://127.0.0.1:0"), keys.serverOptions(Options.defaults()))) {
      URI uri = URI.create("qmux+ssh://tester@127.0.0.1:" + listener.uri().getPort());
      Options o =
          keys.clientOptions(listener, Options.defaults()).toBuilder().set(SshOptions.SUBSYSTEM, "nope").build();
      assertThatThrownBy(() -> Transports.connect(uri, o))
          .isInstanceOf(QtalkException.class)
          .hasMessageContaining("refused subsystem 'nope'");
    }
  }
}
