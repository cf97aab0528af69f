package dev.qtalk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's quick mode as a smoke test: every scenario completes with a figure on both sides
 * and the ratios are printed, JSON and chart written. It asserts no timing.
 */
class QuickRunTest {
  @Test
  void everyScenarioCompletes(@TempDir Path out) throws Exception {
    Harness.Outcome o = Harness.run(Mode.quickMode(), out, new LinkedHashSet<>(Harness.GROUPS), System.out);

    assertThat(o.failures()).isEmpty();
    // heap differences measured by IdleFootprint can fall inside GC noise in a short run: present, not checked
    assertThat(o.results()).filteredOn(r -> !r.group().equals("idle footprint"))
        .allSatisfy(r -> assertThat(r.complete()).as(Report.line(r)).isTrue());
    assertThat(o.results()).anySatisfy(r -> assertThat(r.group()).isEqualTo("idle footprint"));
    List<String> rows = o.results().stream().map(r -> r.group() + ": " + r.scenario() + " / " + r.baselineName()).toList();
    assertThat(rows).contains(
        "bulk, one channel, 64 KiB writes: qmux+tcp / raw TCP socket",
        "bulk, one channel, 64 KiB writes: qmux+tls / raw JDK TLS socket",
        "bulk, one channel, 64 KiB writes: qmux+ws / qmux+tcp",
        "bulk, one channel, 64 KiB writes: quic / raw Netty QUIC stream",
        "bulk, one channel, 64 KiB writes: ssh / raw MINA channel, " + Pair.SSH_CIPHER,
        "bulk, one channel, 64 KiB writes: qmux+ssh / raw MINA channel, " + Pair.SSH_CIPHER,
        "bulk, one channel, 64 KiB writes: qmux+tcp / gRPC-java bidi, 64 KiB messages",
        "many channels: 1000 channels at once, qmux+tcp / one channel, qmux+tcp",
        "long link, one channel: qmux+tcp, 10 ms round trip / raw TCP through the same proxy",
        "long link, one channel: qmux+tcp, 150 ms round trip / raw TCP through the same proxy",
        "rpc unary echo, 1 caller: qmux+tcp calls/s / gRPC-java",
        "rpc unary echo, 64 callers: qmux+tcp calls/s / gRPC-java directExecutor",
        "rpc unary echo, 64 callers: quic p50 / qtalk rpc over qmux+tcp",
        "channel open+close, 1 caller: qmux+tcp / gRPC-java empty bidi call",
        "channel open+close, 16 callers: qmux+tcp / gRPC-java empty bidi call, directExecutor",
        "qmux+ws both ways: client to server (masked) / qmux+tcp, client to server",
        "qmux+ws both ways: server to client / qmux+tcp, server to client");
    assertThat(Files.readString(o.json())).contains("\"ratio\"");
    // each result says what else took the CPUs while it was measured, where the system tells
    assertThat(Files.readString(o.json()).contains("\"othersCpu\"")).isEqualTo(MachineLoad.now().isPresent());
    assertThat(Files.size(o.chart())).isPositive();
  }
}
