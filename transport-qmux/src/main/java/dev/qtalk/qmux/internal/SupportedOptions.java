package dev.qtalk.qmux.internal;

import dev.qtalk.Option;
import dev.qtalk.StandardOptions;
import dev.qtalk.qmux.QmuxOptions;
import dev.qtalk.qmux.WebSocketOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The options each qmux transport honours, for {@code TransportProvider.supportedOptions()}. */
public final class SupportedOptions {
  /** Every qmux transport: the session options and the engine's own. */
  public static final List<Option<?>> QMUX =
      concat(StandardOptions.SESSION_OPTIONS, Option.declaredIn(QmuxOptions.class));

  static final List<Option<?>> TLS = concat(QMUX, StandardOptions.TLS_OPTIONS);
  static final List<Option<?>> WS = concat(QMUX, Option.declaredIn(WebSocketOptions.class));
  static final List<Option<?>> WSS = concat(WS, StandardOptions.TLS_OPTIONS);

  private SupportedOptions() {}

  /** {@code a} then {@code b}, as one list. */
  public static List<Option<?>> concat(Collection<Option<?>> a, Collection<Option<?>> b) {
    List<Option<?>> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
