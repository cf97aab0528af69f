package dev.qtalk.qmux.internal;

import dev.qtalk.PeerIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.util.Optional;

/** A connection whose peer proved who it is (a TLS certificate); everything else is passed on. */
final class IdentifiedConnection implements Connection {
  private final Connection c;
  private final PeerIdentity identity;

  IdentifiedConnection(Connection c, PeerIdentity identity) {
    this.c = c;
    this.identity = identity;
  }

  @Override
  public void write(java.nio.ByteBuffer batch) throws IOException {
    c.write(batch);
  }

  @Override
  public boolean directBuffers() {
    return c.directBuffers();
  }

  @Override
  public Optional<PeerIdentity> peerIdentity() {
    return Optional.of(identity);
  }

  @Override
  public InputStream input() {
    return c.input();
  }

  @Override
  public void write(byte[] message) throws IOException {
    c.write(message);
  }

  @Override
  public void write(byte[] header, byte[] payload, int offset, int length) throws IOException {
    c.write(header, payload, offset, length);
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
