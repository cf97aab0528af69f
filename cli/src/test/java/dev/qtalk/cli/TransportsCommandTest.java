package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code qtalk transports} as a real process. */
@Timeout(120)
class TransportsCommandTest {
  @Test
  void listsEveryProviderWithItsAvailability() throws Exception {
    Qtalk.Result r = Qtalk.run("transports");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("qmux+tcp ")))
        .singleElement().asString().contains(" 5 ").contains(" yes ").contains("TcpTransportProvider");
    for (String scheme : dev.qtalk.Transports.knownSchemes()) {
      assertThat(r.out()).containsPattern("(?m)^" + java.util.regex.Pattern.quote(scheme) + " ");
    }
  }

  @Test
  void namesTheArtifactThatAddsAMissingScheme() throws Exception {
    String withoutSsh = Qtalk.classPathWithout(e -> e.contains("transport-ssh") || e.contains("sshd-"));
    try (Qtalk q = Qtalk.startWith(withoutSsh, null, "transports")) {
      Qtalk.Result r = q.finish();
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).containsPattern("(?m)^ssh +- +missing +add dev\\.qtalk:qtalk-transport-ssh to the class or module path$");
      assertThat(r.out()).containsPattern("(?m)^qmux\\+ssh +- +missing +add dev\\.qtalk:qtalk-transport-ssh");
    }
  }

  @Test
  void listsTheOptionsThatDashOAccepts() throws Exception {
    Qtalk.Result r = Qtalk.run("transports", "--options");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("(?m)^windowSize +2097152 +an integer$");
    assertThat(r.out()).containsPattern("(?m)^tlsTrustManager \\(trust\\) +- +a PEM file of CA certificates\\n +qmux\\+tls qmux\\+wss quic$");
    assertThat(r.out()).containsPattern("(?m)^openTimeout +PT30S +a duration.*\\n +every scheme$");
  }
}
