package dev.qtalk.rpc;

import dev.qtalk.rpc.internal.Selectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Routes calls by selector, as qtalk-go's {@code RespondMux} does. Patterns and selectors are
 * normalised (a leading {@code /}, every {@code .} becomes {@code /}); an exact match wins, then
 * the longest pattern ending in {@code /} that prefixes the selector. A mux registered under a
 * pattern is a sub-mux: it matches the rest of the selector. {@code "/"} (or {@code ""}) is a
 * catch-all. A selector that matches nothing gets the error {@code "not found: <selector>"}.
 *
 * @since 0.1
 */
public final class RespondMux implements Handler {
  private record Entry(String pattern, Handler handler) {}

  private final boolean ignoreCase;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Map<String, Entry> exact = Map.of();
  private volatile List<Entry> prefixes = List.of(); // longest first

  private RespondMux(boolean ignoreCase) {
    this.ignoreCase = ignoreCase;
  }

  /** A case-sensitive mux, as qtalk-go's. */
  public static RespondMux create() {
    return new RespondMux(false);
  }

  /** A mux that ignores case in patterns and selectors, as duplex servers do. */
  public static RespondMux caseInsensitive() {
    return new RespondMux(true);
  }

  public boolean ignoresCase() {
    return ignoreCase;
  }

  /**
   * Registers {@code handler} for {@code pattern}. A {@link RespondMux} registered under a pattern
   * without a trailing {@code /} gets one (it serves everything below).
   *
   * @throws IllegalArgumentException if the pattern is already registered
   */
  public RespondMux handle(String pattern, Handler handler) {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(handler, "handler");
    String p = Selectors.clean(pattern, ignoreCase);
    if (handler instanceof RespondMux && !p.endsWith("/")) {
      p = p + "/";
    }
    lock.lock();
    try {
      if (exact.containsKey(p)) {
        throw new IllegalArgumentException("pattern: " + p + " (expected: one not yet registered)");
      }
      Map<String, Entry> e = new HashMap<>(exact);
      Entry entry = new Entry(p, handler);
      e.put(p, entry);
      exact = Map.copyOf(e);
      if (p.endsWith("/")) {
        List<Entry> l = new ArrayList<>(prefixes);
        l.add(entry);
        l.sort(Comparator.comparingInt((Entry x) -> x.pattern().length()).reversed());
        prefixes = List.copyOf(l);
      }
    } finally {
      lock.unlock();
    }
    return this;
  }

  /** Removes the handler registered for exactly {@code pattern}, if any. */
  public Optional<Handler> remove(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    String p = Selectors.clean(pattern, ignoreCase);
    lock.lock();
    try {
      Map<String, Entry> e = new HashMap<>(exact);
      Entry removed = e.remove(p);
      if (removed == null) {
        removed = e.remove(p + "/");
      }
      if (removed == null) {
        return Optional.empty();
      }
      exact = Map.copyOf(e);
      List<Entry> l = new ArrayList<>(prefixes);
      l.remove(removed);
      prefixes = List.copyOf(l);
      return Optional.of(removed.handler());
    } finally {
      lock.unlock();
    }
  }

  /** The handler that would serve {@code selector}, looking inside sub-muxes. */
  public Optional<Handler> match(String selector) {
    Objects.requireNonNull(selector, "selector");
    String s = Selectors.clean(selector, ignoreCase);
    Entry e = exact.get(s);
    if (e == null) {
      for (Entry candidate : prefixes) {
        if (s.startsWith(candidate.pattern())) {
          e = candidate;
          break;
        }
      }
    }
    if (e == null) {
      return Optional.empty();
    }
    if (e.handler() instanceof RespondMux sub) {
      String rest = s.length() >= e.pattern().length() ? s.substring(e.pattern().length()) : "";
      return sub.match(rest);
    }
    return Optional.of(e.handler());
  }

  @Override
  public void respond(Responder responder, Call call) throws Exception {
    Optional<Handler> h = match(call.selector());
    if (h.isEmpty()) {
      responder.error("not found: " + call.selector());
      return;
    }
    h.get().respond(responder, call);
  }
}
