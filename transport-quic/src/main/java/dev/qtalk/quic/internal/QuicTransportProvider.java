package dev.qtalk.quic.internal;

import dev.qtalk.DeadlineExceededException;
import dev.qtalk.Option;
import dev.qtalk.Options;
import dev.qtalk.QtalkException;
import dev.qtalk.Session;
import dev.qtalk.SessionListener;
import dev.qtalk.StandardOptions;
import dev.qtalk.quic.QuicOptions;
import dev.qtalk.spi.TransportProvider;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Scheme {@code quic}: {@code quic://host:port}. A session is one QUIC connection (TLS 1.3, ALPN
 * {@code qtalk-quic} by default) and every channel one bidirectional stream; see {@link QuicSession}.
 */
public final class QuicTransportProvider implements TransportProvider {

  @Override
  public String scheme() {
    return "quic";
  }

  private static final List<Option<?>> SUPPORTED = supported();

  @Override
  public Collection<Option<?>> supportedOptions() {
    return SUPPORTED;
  }

  private static List<Option<?>> supported() {
    List<Option<?>> all = new ArrayList<>(StandardOptions.SESSION_OPTIONS);
    all.addAll(StandardOptions.TLS_OPTIONS);
    all.addAll(Option.declaredIn(QuicOptions.class));
    return List.copyOf(all);
  }

  @Override
  public boolean isAvailable() {
    return unavailableReason().isEmpty();
  }

  @Override
  public Optional<String> unavailableReason() {
    try {
      if (Quic.isAvailable()) {
        return Optional.empty();
      }
      return Optional.of("Netty's native QUIC library cannot load here (add io.netty:netty-codec-native-quic"
          + " with the classifier of this platform, e.g. linux-x86_64): " + Quic.unavailabilityCause());
    } catch (Throwable t) {
      return Optional.of("Netty's QUIC codec is missing or broken (add io.netty:netty-codec-native-quic): " + t);
    }
  }

  @Override
  public Session connect(URI uri, Options options) throws IOException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    InetSocketAddress remote = address(uri);
    ensureAvailable();
    if (remote.isUnresolved()) {
      throw new QtalkException("connect " + uri + ": cannot resolve host " + remote.getHostString());
    }
    QuicSslContext tls = TlsContexts.client(options);
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    var codec = CodecSettings.apply(new QuicClientCodecBuilder(), options)
        .sslEngineProvider(q -> tls.newEngine(q.alloc(), host, remote.getPort()))
        .build();
    long connectNanos = options.get(StandardOptions.CONNECT_TIMEOUT).toNanos();
    ChannelFuture bind = CodecSettings.udp(options).handler(ReadBatches.before(codec)).bind(0);
    bind.awaitUninterruptibly();
    if (!bind.isSuccess()) {
      throw new QtalkException("connect " + uri + ": cannot open a UDP socket: " + bind.cause(), bind.cause());
    }
    Channel udp = bind.channel();
    Future<QuicChannel> connected = QuicChannel.newBootstrap(udp)
        .handler(QuicSession.connectionInitializer(options, s -> udp.close(), "client", s -> { }))
        .streamHandler(QuicSession.PEER_STREAMS)
        .remoteAddress(remote)
        .connect();
    try {
      if (!QuicStream.await(connected, connectNanos)) {
        // closing the UDP socket (below) fails the pending connect; cancelling it makes Netty warn
        throw new DeadlineExceededException("connect " + uri + ": no QUIC handshake within "
            + options.get(StandardOptions.CONNECT_TIMEOUT));
      }
      if (!connected.isSuccess()) {
        throw new QtalkException("connect " + uri + ": QUIC handshake failed (ALPN "
            + options.get(QuicOptions.ALPN) + "): " + connected.cause(), connected.cause());
      }
    } catch (IOException | RuntimeException e) {
      udp.close();
      throw e;
    }
    return connected.getNow().attr(QuicSession.SESSION).get();
  }

  @Override
  public SessionListener listen(URI uri, Options options) throws IOException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    InetSocketAddress local = address(uri);
    ensureAvailable();
    QuicSslContext tls = TlsContexts.server(options);
    QuicListener listener = new QuicListener(options.get(QuicOptions.LISTEN_BACKLOG));
    var codec = CodecSettings.apply(new QuicServerCodecBuilder(), options)
        .sslContext(tls)
        .handler(QuicSession.connectionInitializer(options, listener, "server", listener::offer))
        .streamHandler(QuicSession.PEER_STREAMS)
        .build();
    ChannelFuture bind = CodecSettings.udp(options).handler(ReadBatches.before(codec)).bind(local);
    bind.awaitUninterruptibly();
    if (!bind.isSuccess()) {
      throw new QtalkException("listen " + uri + ": cannot bind UDP " + local + ": " + bind.cause(), bind.cause());
    }
    listener.bound(bind.channel(), scheme());
    return listener;
  }

  private void ensureAvailable() throws QtalkException {
    Optional<String> reason = unavailableReason();
    if (reason.isPresent()) {
      throw new QtalkException("quic transport unavailable: " + reason.get());
    }
  }

  static InetSocketAddress address(URI uri) {
    if (!"quic".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException("uri: " + uri + " (expected: quic://host:port)");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new InetSocketAddress(host, uri.getPort());
  }
}
