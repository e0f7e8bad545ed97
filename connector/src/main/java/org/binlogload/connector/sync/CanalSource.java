package org.binlogload.connector.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.binlogload.canal.Batch;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.ColumnInfo;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.EmbeddedCanal;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StatementEvent;
import org.binlogload.canal.TransactionEnd;

/** The {@link Source} over one job's {@link EmbeddedCanal}, converting its events into the runtime's. */
public final class CanalSource implements Source {
  private final Supplier<EmbeddedCanal> factory;
  private EmbeddedCanal canal;

  /** A source building its Canal instance with {@code factory} at {@link #start()}. */
  public CanalSource(Supplier<EmbeddedCanal> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  @Override
  public void start() {
    canal = factory.get();
    canal.start();
  }

  @Override
  public SourceBatch get(int maxEvents, Duration timeout) {
    Batch b = canal.get(maxEvents, timeout);
    if (b.isEmpty()) {
      return b.id() < 0 ? SourceBatch.empty() : new SourceBatch(b.id(), List.of());
    }
    List<SourceEvent> events = new ArrayList<>(b.events().size());
    for (ChangeEvent e : b.events()) {
      events.add(convert(e));
    }
    return new SourceBatch(b.id(), events);
  }

  static SourceEvent convert(ChangeEvent e) {
    if (e instanceof RowChange r) {
      List<String> names = new ArrayList<>(r.columns().size());
      for (ColumnInfo c : r.columns()) {
        names.add(c.name());
      }
      SourceEvent.Kind kind = SourceEvent.Kind.valueOf(r.kind().name());
      return new SourceEvent.Row(r.schema(), r.table(), kind, names, r.keyColumns(), r.before(), r.after(),
          position(r.position()));
    }
    if (e instanceof DdlEvent d) {
      return new SourceEvent.Ddl(d.schema(), d.table(), d.sql(), position(d.position()));
    }
    if (e instanceof StatementEvent st) {
      return new SourceEvent.Statement(st.schema(), st.table(), st.sql(), position(st.position()));
    }
    return new SourceEvent.TxEnd(position(((TransactionEnd) e).position()));
  }

  /** The runtime's position for a Canal position (same file, offset and row index). */
  public static Position position(BinlogPosition p) {
    Position q = p.rowIndex() >= 0 ? Position.row(p.file(), p.offset(), p.rowIndex()) : Position.of(p.file(), p.offset());
    return q.withGtid(p.gtidSet()).withTimestamp(p.timestampMillis());
  }

  @Override
  public void ack(long batchId) {
    canal.ack(batchId);
  }

  @Override
  public void rollback() {
    canal.rollback();
  }

  @Override
  public Position acked() {
    BinlogPosition p = canal == null ? null : canal.position();
    return p == null ? null : position(p);
  }

  @Override
  public boolean isRetryable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BinlogException b) {
        return !b.fatal();
      }
    }
    return false;
  }

  @Override
  public boolean isDeterministic(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BinlogException b) {
        return !b.fatal() && b.reason() != BinlogException.Reason.CONNECTION;
      }
    }
    return false;
  }

  @Override
  public void close() {
    if (canal != null) {
      canal.close();
      canal = null;
    }
  }
}
