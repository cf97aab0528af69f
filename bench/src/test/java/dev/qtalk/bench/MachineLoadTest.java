package dev.qtalk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MachineLoadTest {
  // pid, a command name holding a space and a parenthesis, then fields 3 to 17: utime (14) is 250, stime (15) is 50
  private static final String SELF = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 50 0 0 20 0 30 0";

  @Test
  void aSnapshotCountsBusyTimeWithoutIdleIowaitOrSteal() {
    MachineLoad.Snapshot s = MachineLoad.parse("cpu  100 5 40 800 20 0 15 20 7 0", SELF);
    assertThat(s.total()).isEqualTo(100 + 5 + 40 + 800 + 20 + 0 + 15 + 20); // guest time is inside user
    assertThat(s.busy()).isEqualTo(100 + 5 + 40 + 15);
    assertThat(s.steal()).isEqualTo(20);
    assertThat(s.self()).isEqualTo(300);
  }

  @Test
  void othersAreTheBusyTimeThisProcessDidNotUse() {
    MachineLoad.Snapshot from = new MachineLoad.Snapshot(1000, 300, 10, 200);
    MachineLoad.Snapshot to = new MachineLoad.Snapshot(1200, 450, 30, 300);
    MachineLoad load = MachineLoad.between(from, to).orElseThrow();
    assertThat(load.others()).isCloseTo((150 - 100) / 200.0, within(1e-9));
    assertThat(load.steal()).isCloseTo(20 / 200.0, within(1e-9));
    assertThat(load).hasToString("others 25%, steal 10%");

    // this process busier than the machine's count (ticks are sampled): never a negative share
    MachineLoad.Snapshot self = new MachineLoad.Snapshot(1200, 320, 10, 400);
    assertThat(MachineLoad.between(from, self).orElseThrow().others()).isZero();
    assertThat(MachineLoad.between(from, from)).isEmpty();
  }

  @Test
  void aLineThatIsNotTheCpuLineIsRefused() {
    assertThatThrownBy(() -> MachineLoad.parse("intr 1 2 3 4 5 6 7 8 9", SELF)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onLinuxThereIsASnapshotNow() {
    assertThat(MachineLoad.now().isPresent()).isEqualTo(java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/stat")));
  }
}
