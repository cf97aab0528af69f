package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code qtalk demo} as a real process, with and without QUIC's native library. */
@Timeout(180)
class DemoCommandTest {
  @Test
  void runsOverQuicWhereItsNativeLibraryLoads() throws Exception {
    Qtalk.Result r = Qtalk.run("demo");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("listening on quic://127.0.0.1:").contains("over quic")
        .contains("-> 42").contains("remote error").contains("-> streamed 5").contains("client done");
    assertThat(r.err()).doesNotContain("notice:");
  }

  @Test
  void fallsBackToQmuxTcpWithANoticeWhereQuicIsMissing() throws Exception {
    // the class path without Netty's native QUIC library, as on a platform it has no build for
    String withoutNative = Qtalk.classPathWithout(e -> e.matches(".*netty-codec-native-quic-[^/]*-(linux|osx|windows)-[^/]*\\.jar"));
    assertThat(withoutNative).isNotEqualTo(Qtalk.classPath());
    try (Qtalk q = Qtalk.startWith(withoutNative, null, "demo")) {
      Qtalk.Result r = q.finish();
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.err().lines().filter(l -> l.startsWith("notice:")))
          .singleElement().asString().contains("QUIC is not available").contains("qmux+tcp");
      assertThat(r.out()).contains("listening on qmux+tcp://127.0.0.1:").contains("-> 42").contains("client done");
    }
  }
}
