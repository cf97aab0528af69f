package dev.qtalk.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aChainAndKeyBecomeKeyMaterial() throws Exception {
    SelfSignedCertificate c = SelfSignedCertificate.create("localhost");
    Path chain = write("chain.pem", c.certificatePem());
    Path key = write("key.pem", c.privateKeyPem());
    var kmf = PemFiles.keyManagerFactory(chain, key);
    X509KeyManager km = (X509KeyManager) kmf.getKeyManagers()[0];
    assertThat(km.getCertificateChain("key")).containsExactly(c.certificate());
    // one file holding both works too
    Path both = write("both.pem", c.privateKeyPem() + c.certificatePem());
    assertThat(PemFiles.keyManagerFactory(both, both)).isNotNull();
    assertThat(PemFiles.trustManagerFactory(chain).getTrustManagers()).hasSize(1);
    assertThat(CertificatePins.sha256(PemFiles.certificates(chain).get(0))).isEqualTo(c.sha256());
  }

  @Test
  void rsaKeysInPkcs8Load() throws Exception {
    var gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    var pair = gen.generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    assertThat(PemFiles.privateKey(pem).getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void badFilesSayWhatWasExpected() throws Exception {
    SelfSignedCertificate c = SelfSignedCertificate.create();
    SelfSignedCertificate other = SelfSignedCertificate.create();
    Path chain = write("chain.pem", c.certificatePem());
    Path wrongKey = write("wrong.pem", other.privateKeyPem());
    assertThatThrownBy(() -> PemFiles.keyManagerFactory(chain, wrongKey))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not belong to the certificate");
    assertThatThrownBy(() -> PemFiles.privateKey("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"))
        .hasMessageContaining("openssl pkcs8 -topk8");
    assertThatThrownBy(() -> PemFiles.privateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"))
        .hasMessageContaining("an encrypted key");
    assertThatThrownBy(() -> PemFiles.certificates(write("none.pem", "hello")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no \"-----BEGIN CERTIFICATE-----\" block");
    Path big = dir.resolve("big.pem");
    Files.write(big, new byte[(int) PemFiles.MAX_FILE_SIZE + 1]);
    assertThatThrownBy(() -> PemFiles.certificates(big)).hasMessageContaining("expected: a PEM file of at most");
  }
}
