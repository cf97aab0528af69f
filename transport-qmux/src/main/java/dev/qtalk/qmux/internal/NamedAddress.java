package dev.qtalk.qmux.internal;

import java.net.SocketAddress;
import java.util.Objects;

/** An address for connections that have no socket address: memory pipes, stdio. */
public final class NamedAddress extends SocketAddress {
  private final String name;

  public NamedAddress(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamedAddress a && a.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
