package dev.qtalk.tck.proxy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP proxy on loopback, for transports over datagrams (QUIC): each client address gets a socket
 * of its own towards the target, and replies go back to that client. A stalled, cut or reset link
 * drops every datagram (UDP has no FIN or RST for a proxy to send); a slow one delays them.
 *
 * @since 0.1
 */
public final class UdpProxy implements FaultProxy {
  private static final int MAX_DATAGRAM = 65_535;

  private final InetSocketAddress target;
  private final DatagramSocket front;
  private final Map<SocketAddress, DatagramSocket> upstream = new ConcurrentHashMap<>();
  private final AtomicLong forwarded = new AtomicLong();
  private volatile Link link = Link.forward();
  private volatile boolean dropping;
  private volatile boolean closed;

  private UdpProxy(InetSocketAddress target, DatagramSocket front) {
    this.target = target;
    this.front = front;
  }

  /** Starts a proxy on 127.0.0.1, port 0, to {@code target}. */
  public static UdpProxy start(InetSocketAddress target) throws IOException {
    DatagramSocket front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    UdpProxy p = new UdpProxy(target, front);
    Thread.ofVirtual().name("tck-udp-proxy-front").start(p::frontLoop);
    return p;
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), front.getLocalPort());
  }

  @Override
  public void link(Link next) {
    link = next;
  }

  @Override
  public void cut() {
    dropping = true;
  }

  @Override
  public void reset() {
    dropping = true;
  }

  @Override
  public long forwarded() {
    return forwarded.get();
  }

  @Override
  public void close() {
    closed = true;
    front.close();
    upstream.values().forEach(DatagramSocket::close);
    upstream.clear();
  }

  private void frontLoop() {
    byte[] buf = new byte[MAX_DATAGRAM];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        front.receive(p);
      } catch (IOException e) {
        return; // closed
      }
      SocketAddress client = p.getSocketAddress();
      DatagramSocket up = upstream.computeIfAbsent(client, this::open);
      if (up != null) {
        send(up, new DatagramPacket(p.getData().clone(), p.getOffset(), p.getLength(), target));
      }
    }
  }

  private DatagramSocket open(SocketAddress client) {
    try {
      DatagramSocket up = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread.ofVirtual().name("tck-udp-proxy-back").start(() -> backLoop(up, client));
      return up;
    } catch (IOException e) {
      return null;
    }
  }

  private void backLoop(DatagramSocket up, SocketAddress client) {
    byte[] buf = new byte[MAX_DATAGRAM];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        up.receive(p);
      } catch (IOException e) {
        return; // closed
      }
      send(front, new DatagramPacket(p.getData().clone(), p.getOffset(), p.getLength(), client));
    }
  }

  /** Sends {@code p} under the current link: dropped while stalled or cut, delayed while slow. */
  private void send(DatagramSocket via, DatagramPacket p) {
    Link now = link;
    if (dropping || now.stalled() || closed) {
      return;
    }
    long delay = now.latency().toNanos() + now.transmitNanos(p.getLength());
    try {
      if (delay > 0) {
        Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
      }
      via.send(p);
      forwarded.addAndGet(p.getLength());
    } catch (IOException e) {
      // the proxy is closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
