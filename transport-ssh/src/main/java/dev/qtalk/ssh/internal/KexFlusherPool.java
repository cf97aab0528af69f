package dev.qtalk.ssh.internal;

import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.common.session.helpers.KeyExchangeMessageHandler;

/**
 * MINA flushes the packets queued during a re-key on one JVM-wide cached pool ({@code
 * sshd-kex-flusher}), whose idle thread lingers for 60 s after every re-key (MINA re-keys each GiB).
 * One second is plenty for a thread that is re-created on demand, and lets a process that has
 * closed its sessions return to its baseline of threads promptly. Never instantiated: extending
 * the class is how to reach its protected static pool.
 */
final class KexFlusherPool extends KeyExchangeMessageHandler {
  private static final long IDLE_SECONDS = 1;

  private KexFlusherPool(AbstractSession session) {
    super(session, null);
  }

  /** Shortens the pool's idle time once; harmless if MINA changes the pool's type. */
  static void shortenIdleTime() {
    if (flushRunner instanceof ThreadPoolExecutor pool && pool.getKeepAliveTime(TimeUnit.SECONDS) > IDLE_SECONDS) {
      pool.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
    }
  }
}
