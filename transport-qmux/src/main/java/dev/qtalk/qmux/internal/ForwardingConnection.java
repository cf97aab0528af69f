package dev.qtalk.qmux.internal;

import dev.qtalk.PeerIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A connection that passes every call on to another; subclasses override what they add. Every
 * method of {@link Connection} is forwarded here, so a wrapper never falls back to a default
 * (a default {@code shutdownOutput} closes both directions).
 */
abstract class ForwardingConnection implements Connection {
  protected final Connection c;

  ForwardingConnection(Connection c) {
    this.c = c;
  }

  @Override
  public InputStream input() {
    return c.input();
  }

  @Override
  public java.nio.channels.ScatteringByteChannel directInput() {
    return c.directInput();
  }

  @Override
  public void write(byte[] message) throws IOException {
    c.write(message);
  }

  @Override
  public void write(ByteBuffer batch) throws IOException {
    c.write(batch);
  }

  @Override
  public void write(ByteBuffer[] parts) throws IOException {
    c.write(parts);
  }

  @Override
  public boolean directBuffers() {
    return c.directBuffers();
  }

  @Override
  public Optional<PeerIdentity> peerIdentity() {
    return c.peerIdentity();
  }

  @Override
  public SocketAddress localAddress() {
    return c.localAddress();
  }

  @Override
  public SocketAddress remoteAddress() {
    return c.remoteAddress();
  }

  @Override
  public void shutdownOutput() throws IOException {
    c.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    c.close();
  }

  @Override
  public String toString() {
    return c.toString();
  }
}
