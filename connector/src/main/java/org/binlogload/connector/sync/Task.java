package org.binlogload.connector.sync;

import java.util.List;
import java.util.concurrent.Callable;
import org.binlogload.connector.load.LoadRow;

/** One channel's rows of one round, prepared on the shared task pool; yields the sink's prepared {@link Sink.Write}. */
final class Task implements Callable<Sink.Write> {
  private final Sink sink;
  private final Channel channel;
  private final Sink.Write write;
  private final List<LoadRow> rows;

  Task(Sink sink, Channel channel, Sink.Write write, List<LoadRow> rows) {
    this.sink = sink;
    this.channel = channel;
    this.write = write;
    this.rows = rows;
  }

  Channel channel() {
    return channel;
  }

  Sink.Write write() {
    return write;
  }

  List<LoadRow> rows() {
    return rows;
  }

  @Override
  public Sink.Write call() {
    return sink.prepare(write, rows);
  }
}
