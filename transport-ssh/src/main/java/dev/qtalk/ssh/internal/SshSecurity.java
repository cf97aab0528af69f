package dev.qtalk.ssh.internal;

import dev.qtalk.Options;
import dev.qtalk.ssh.HostKeyPolicy;
import dev.qtalk.ssh.PasswordCheck;
import dev.qtalk.ssh.SshOptions;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.RejectAllPublickeyAuthenticator;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;

/** Applies {@link SshOptions}' security settings to a MINA client or server. Secure unless told. */
final class SshSecurity {

  /** The host key the first key exchange accepted; re-keying must present the same. */
  private static final AttributeKey<PublicKey> ACCEPTED_HOST_KEY = new AttributeKey<>();

  private SshSecurity() {}

  /**
   * Host key checking, identities and the login methods of a client (one client per connection).
   * Returns where the host key check writes why it refused the server, for the error message
   * (MINA clears a session's attributes when it closes, so they cannot carry it).
   */
  static AtomicReference<String> configure(SshClient client, Options options) {
    AtomicReference<String> refusal = new AtomicReference<>();
    client.setServerKeyVerifier(sameKeyOnRekey(verifier(options, refusal), options, refusal));
    KeyPair identity = options.get(SshOptions.IDENTITY);
    Path identityFile = options.get(SshOptions.IDENTITY_FILE);
    if (identity != null || identityFile != null) {
      List<KeyIdentityProvider> providers = new ArrayList<>();
      if (identity != null) {
        providers.add(KeyIdentityProvider.wrapKeyPairs(identity));
      }
      if (identityFile != null) {
        requireReadable(identityFile, SshOptions.IDENTITY_FILE.name());
        providers.add(new FileKeyPairProvider(identityFile));
      }
      client.setKeyIdentityProvider(KeyIdentityProvider.multiProvider(providers));
    }
    String password = options.get(SshOptions.PASSWORD);
    if (password == null) {
      client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    } else {
      client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
      client.addPasswordIdentity(password);
    }
    return refusal;
  }

  private static ServerKeyVerifier verifier(Options options, AtomicReference<String> refusal) {
    HostKeyPolicy policy = options.get(SshOptions.HOST_KEY_POLICY);
    if (policy == HostKeyPolicy.INSECURE_ACCEPT_ANY) {
      return AcceptAllServerKeyVerifier.INSTANCE;
    }
    Path knownHosts = options.get(SshOptions.KNOWN_HOSTS);
    ServerKeyVerifier unknown =
        policy == HostKeyPolicy.ACCEPT_NEW
            ? AcceptAllServerKeyVerifier.INSTANCE
            : refuse(knownHosts, refusal);
    KnownHostsServerKeyVerifier verifier = new KnownHostsServerKeyVerifier(unknown, knownHosts);
    verifier.setModifiedServerKeyAcceptor(
        (session, remote, entry, expected, actual) -> {
          refusal.compareAndSet(
              null,
              "host key of "
                  + remote
                  + " changed: "
                  + fingerprint(actual)
                  + " is not the "
                  + fingerprint(expected)
                  + " listed in "
                  + knownHosts);
          return false;
        });
    return verifier;
  }

  /**
   * Checks the first host key of a connection with {@code first}; later key exchanges must present
   * the very same key (as OpenSSH does), whatever happened to the known-hosts file since.
   */
  private static ServerKeyVerifier sameKeyOnRekey(
      ServerKeyVerifier first, Options options, AtomicReference<String> refusal) {
    return (session, remote, key) -> {
      PublicKey accepted = session.getAttribute(ACCEPTED_HOST_KEY);
      if (accepted != null) {
        if (KeyUtils.compareKeys(accepted, key)) {
          return true;
        }
        refusal.compareAndSet(
            null,
            "host key of " + remote + " changed during the connection: " + fingerprint(key)
                + " after " + fingerprint(accepted));
        return false;
      }
      if (!first.verifyServerKey(session, remote, key)) {
        refusal.compareAndSet(
            null,
            "host key " + fingerprint(key) + " of " + remote + " is not accepted by "
                + options.get(SshOptions.KNOWN_HOSTS) + " (policy " + options.get(SshOptions.HOST_KEY_POLICY) + ")");
        return false;
      }
      session.setAttribute(ACCEPTED_HOST_KEY, key);
      return true;
    };
  }

  private static ServerKeyVerifier refuse(Path knownHosts, AtomicReference<String> refusal) {
    return (ClientSession session, SocketAddress remote, PublicKey key) -> {
      refusal.compareAndSet(
          null,
          "host key " + fingerprint(key) + " of " + remote + " is not listed in " + knownHosts
              + " (add it, or set ssh.hostKeyPolicy)");
      return RejectAllServerKeyVerifier.INSTANCE.verifyServerKey(session, remote, key);
    };
  }

  static String fingerprint(PublicKey key) {
    return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
  }

  /** The key a client authenticated with, on its server session. */
  static final org.apache.sshd.common.AttributeRepository.AttributeKey<java.security.PublicKey> AUTHENTICATED_KEY =
      new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

  /** Host keys and the accepted logins of a server. */
  static void configure(SshServer server, Options options) {
    server.setKeyPairProvider(hostKeys(options));
    Path authorized = options.get(SshOptions.AUTHORIZED_KEYS);
    if (authorized != null) {
      requireReadable(authorized, SshOptions.AUTHORIZED_KEYS.name());
      AuthorizedKeysAuthenticator listed = new AuthorizedKeysAuthenticator(authorized);
      server.setPublickeyAuthenticator((user, key, session) -> {
        boolean ok = listed.authenticate(user, key, session);
        if (ok) {
          session.setAttribute(AUTHENTICATED_KEY, key); // for Session.peerIdentity()
        }
        return ok;
      });
    } else {
      server.setPublickeyAuthenticator(RejectAllPublickeyAuthenticator.INSTANCE);
    }
    PasswordCheck check = options.get(SshOptions.PASSWORD_CHECK);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setGSSAuthenticator(null);
    server.setHostBasedAuthenticator(null);
    if (check == null) {
      server.setPasswordAuthenticator(null);
      server.setUserAuthFactories(List.of(org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory.INSTANCE));
    } else {
      server.setPasswordAuthenticator((user, password, session) -> check.accepts(user, password));
      server.setUserAuthFactories(
          List.of(
              org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory.INSTANCE,
              org.apache.sshd.server.auth.password.UserAuthPasswordFactory.INSTANCE));
    }
  }

  private static KeyPairProvider hostKeys(Options options) {
    KeyPair key = options.get(SshOptions.HOST_KEY);
    Path file = options.get(SshOptions.HOST_KEY_FILE);
    if (key != null) {
      return KeyPairProvider.wrap(key);
    }
    if (file != null) {
      requireReadable(file, SshOptions.HOST_KEY_FILE.name());
      return new FileKeyPairProvider(file);
    }
    throw new IllegalArgumentException(
        "an SSH server needs a host key (expected: option "
            + SshOptions.HOST_KEY.name()
            + " or "
            + SshOptions.HOST_KEY_FILE.name()
            + ")");
  }

  private static void requireReadable(Path file, String option) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(option + ": " + file + " (expected: a readable file)");
    }
  }
}
