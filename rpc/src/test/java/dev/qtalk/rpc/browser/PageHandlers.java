package dev.qtalk.rpc.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qtalk.rpc.Client;
import dev.qtalk.rpc.InteropHandlers;
import dev.qtalk.rpc.RemoteException;
import dev.qtalk.rpc.RespondMux;
import dev.qtalk.rpc.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Java handlers that interop/browser/src/app.js calls (the interop ones, plus {@code together}
 * and {@code reverse}), and the calls Java makes back to the page.
 */
final class PageHandlers {
  /** What each {@code reverse} call got back from the page, for the test to check on its side too. */
  final LinkedBlockingQueue<Map<String, Object>> reverseResults = new LinkedBlockingQueue<>();

  private final Map<String, CountDownLatch> groups = new ConcurrentHashMap<>();

  RespondMux mux() {
    return InteropHandlers.mux()
        .handle(
            "together",
            (r, c) -> {
              // answers only once 100 calls of the same group are in progress at the same time
              JsonNode arg = c.receive();
              CountDownLatch all = groups.computeIfAbsent(arg.get("group").asText(), g -> new CountDownLatch(100));
              all.countDown();
              try {
                if (!all.await(30, TimeUnit.SECONDS)) {
                  r.error("only " + (100 - all.getCount()) + " of 100 calls arrived together");
                  return;
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                r.error("interrupted");
                return;
              }
              r.reply(Map.of("i", arg.get("i").asInt(), "together", 100));
            })
        .handle(
            "reverse",
            (r, c) -> {
              c.receive();
              Map<String, Object> got = callThePage(c.caller());
              reverseResults.add(got);
              r.reply(got);
            });
  }

  /** Calls each of the page's handlers over the session the page's call came on. */
  private static Map<String, Object> callThePage(Client page) throws IOException {
    Map<String, Object> got = new LinkedHashMap<>();
    got.put("add", page.call("page.add", List.of(2, 40), Integer.class));
    got.put("upper", page.call("page.upper", "qtalk", String.class));
    try {
      page.call("page.fail", "please");
      got.put("error", "(no error)");
    } catch (RemoteException e) {
      got.put("error", e.remoteMessage());
    }
    List<Integer> count = new ArrayList<>();
    try (Response stream = page.invoke("page.count", 5)) {
      for (Optional<JsonNode> v = stream.next(); v.isPresent(); v = stream.next()) {
        count.add(v.get().asInt());
      }
    }
    got.put("count", count);
    return got;
  }
}
