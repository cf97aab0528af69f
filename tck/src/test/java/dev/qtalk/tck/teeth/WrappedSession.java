package dev.qtalk.tck.teeth;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** A session that hands out channels wrapped by {@code wrap}; everything else goes straight through. */
class WrappedSession implements Session {
  final Session delegate;
  private final BiFunction<WrappedSession, Channel, Channel> wrap;

  WrappedSession(Session delegate, BiFunction<WrappedSession, Channel, Channel> wrap) {
    this.delegate = delegate;
    this.wrap = wrap;
  }

  Channel wrap(Channel c) {
    return wrap.apply(this, c);
  }

  @Override
  public Channel open() throws IOException {
    return wrap(delegate.open());
  }

  @Override
  public Channel open(Duration timeout) throws IOException {
    return wrap(delegate.open(timeout));
  }

  @Override
  public Channel accept() throws IOException {
    return wrap(delegate.accept());
  }

  @Override
  public Channel accept(Duration timeout) throws IOException {
    return wrap(delegate.accept(timeout));
  }

  @Override
  public SocketAddress localAddress() {
    return delegate.localAddress();
  }

  @Override
  public SocketAddress remoteAddress() {
    return delegate.remoteAddress();
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return delegate.closeFuture();
  }

  @Override
  public Optional<IOException> closeCause() {
    return delegate.closeCause();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
