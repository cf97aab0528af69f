package dev.qtalk;

import dev.qtalk.spi.TransportProvider;
import java.net.URI;
import java.util.Optional;

/**
 * A provider that connects nowhere, for tests of what {@link Transports} does with providers:
 * {@code available} null makes {@link #isAvailable()} throw.
 */
record TestProvider(String scheme, Boolean available, String reason) implements TransportProvider {
  @Override
  public boolean isAvailable() {
    if (available == null) {
      throw new IllegalStateException("cannot tell");
    }
    return available;
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.ofNullable(reason);
  }

  @Override
  public Session connect(URI uri, Options options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SessionListener listen(URI uri, Options options) {
    throw new UnsupportedOperationException();
  }
}
