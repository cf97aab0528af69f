package dev.qtalk.tck.teeth;

import dev.qtalk.Channel;
import dev.qtalk.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/** A channel that passes every call to a correct one; a broken transport overrides a few. */
class WrappedChannel implements Channel {
  final Channel delegate;
  final Session session;

  WrappedChannel(Session session, Channel delegate) {
    this.session = session;
    this.delegate = delegate;
  }

  @Override
  public long id() {
    return delegate.id();
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return delegate.read(dst);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return delegate.write(src);
  }

  @Override
  public void closeWrite() throws IOException {
    delegate.closeWrite();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public void abort() {
    delegate.abort();
  }

  @Override
  public void readTimeout(Duration timeout) {
    delegate.readTimeout(timeout);
  }

  @Override
  public Duration readTimeout() {
    return delegate.readTimeout();
  }

  @Override
  public void writeTimeout(Duration timeout) {
    delegate.writeTimeout(timeout);
  }

  @Override
  public Duration writeTimeout() {
    return delegate.writeTimeout();
  }
}
