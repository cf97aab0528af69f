package dev.qtalk.rpc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The records the rpc logger writes while it is open (System.Logger goes to java.util.logging here). */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger = Logger.getLogger("dev.qtalk.rpc");
  final List<LogRecord> records = new CopyOnWriteArrayList<>();

  LogCapture() {
    logger.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
