package org.binlogload.connector.sync;

import java.util.List;
import java.util.concurrent.Callable;
import org.binlogload.connector.load.LoadRow;

/** One load of one channel's rows for one round, run on the shared task pool; yields the PRECOMMITTED txn id. */
final class Task implements Callable<Long> {
  private final Sink sink;
  private final Channel channel;
  private final String label;
  private final List<LoadRow> rows;

  Task(Sink sink, Channel channel, String label, List<LoadRow> rows) {
    this.sink = sink;
    this.channel = channel;
    this.label = label;
    this.rows = rows;
  }

  Channel channel() {
    return channel;
  }

  String label() {
    return label;
  }

  List<LoadRow> rows() {
    return rows;
  }

  @Override
  public Long call() {
    return sink.prepare(channel.targetDb(), channel.targetTable(), label, rows);
  }
}
