package dev.qtalk.qmux.internal;

import dev.qtalk.Options;
import dev.qtalk.StandardOptions;
import dev.qtalk.qmux.QmuxOptions;
import java.time.Duration;

/** The option values one session uses, read once. */
record QmuxConfig(
    int windowSize,
    int maxPacketSize,
    int acceptBacklog,
    int maxChannels,
    Duration openTimeout,
    Duration acceptTimeout,
    int controlQueueLimit,
    Duration controlStallTimeout,
    long receiveBudget,
    long maxWindow,
    int backlogWindow,
    Duration keepaliveInterval,
    Duration keepaliveTimeout,
    Duration idleTimeout) {

  static QmuxConfig from(Options options) {
    return new QmuxConfig(
        options.get(StandardOptions.WINDOW_SIZE),
        options.get(StandardOptions.MAX_PACKET_SIZE),
        options.get(StandardOptions.ACCEPT_BACKLOG),
        options.get(StandardOptions.MAX_CHANNELS),
        options.get(StandardOptions.OPEN_TIMEOUT),
        options.get(StandardOptions.ACCEPT_TIMEOUT),
        options.get(QmuxOptions.CONTROL_QUEUE_LIMIT),
        options.get(QmuxOptions.CONTROL_STALL_TIMEOUT),
        options.get(QmuxOptions.RECEIVE_BUDGET),
        options.get(QmuxOptions.MAX_WINDOW),
        options.get(QmuxOptions.BACKLOG_WINDOW),
        options.get(StandardOptions.KEEPALIVE_INTERVAL),
        options.get(StandardOptions.KEEPALIVE_TIMEOUT),
        options.get(StandardOptions.IDLE_TIMEOUT));
  }
}
