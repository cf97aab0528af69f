package dev.qtalk.tck.containers;

import dev.qtalk.Options;
import dev.qtalk.SessionListener;
import dev.qtalk.Transports;
import dev.qtalk.tck.SessionPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.function.Function;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;

/**
 * The server end of a transport run in a container, for the kit's rules.
 *
 * <p>The kit holds both ends of every channel it checks, so the container does not end the qtalk
 * session itself: it serves the connection (handshake, authentication, the transport's own
 * framing: everything the client under test speaks to) and hands the byte stream it serves to a
 * relay that connects back to the kit, at {@code relayAddress} (as seen from the container). There
 * a listener of this JVM accepts it as the pair's server session. With OpenSSH, for example, the
 * container's {@code Subsystem qtalk} line runs {@code socat STDIO TCP:relayAddress} and the relay
 * listener is {@code qmux+tcp}.
 *
 * <p>Start one per test class (a container takes seconds), and pair each rule's client with
 * {@link #connect}; annotate the class {@link RequiresDocker} so that it skips without a Docker engine.
 */
public final class ContainerPeer implements AutoCloseable {
  private final SessionListener relay;
  private final GenericContainer<?> container;

  private ContainerPeer(SessionListener relay, GenericContainer<?> container) {
    this.relay = relay;
    this.container = container;
  }

  /**
   * Listens at {@code relayListen} (a loopback URI with port 0), makes its port reachable from
   * containers, then starts the container that {@code container} builds from the relay's address
   * as a container sees it ({@code host.testcontainers.internal:PORT}).
   */
  public static ContainerPeer start(
      URI relayListen, Options relayOptions, Function<String, GenericContainer<?>> container)
      throws IOException {
    Objects.requireNonNull(container, "container");
    SessionListener relay = Transports.listen(relayListen, relayOptions);
    try {
      int port = ((InetSocketAddress) relay.localAddress()).getPort();
      Testcontainers.exposeHostPorts(port);
      GenericContainer<?> started = container.apply("host.testcontainers.internal:" + port);
      started.start();
      return new ContainerPeer(relay, started);
    } catch (RuntimeException e) {
      relay.close();
      throw e;
    }
  }

  /** The running container (for its logs, or to copy a file such as a host key out of it). */
  public GenericContainer<?> container() {
    return container;
  }

  /** The host at which this JVM reaches the container's mapped ports. */
  public String host() {
    return container.getHost();
  }

  /** The port of this JVM's side that the container's {@code containerPort} is mapped to. */
  public int port(int containerPort) {
    return container.getMappedPort(containerPort);
  }

  /**
   * Runs {@code dial} (the client under test, connecting to {@link #host()} and {@link #port}) on
   * another thread while the relay's connection is accepted as the server session. One pair at a
   * time, so that each client is paired with its own relay connection.
   */
  public synchronized SessionPair connect(SessionPair.Dialer dial) throws IOException {
    return SessionPair.connect(relay, dial);
  }

  @Override
  public void close() {
    try {
      container.stop();
    } finally {
      relay.close();
    }
  }
}
