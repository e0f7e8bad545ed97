package org.binlogload.connector.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.binlogload.canal.Batch;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.ColumnInfo;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StatementEvent;
import org.binlogload.canal.UndecodableRows;
import org.binlogload.canal.TransactionEnd;

/**
 * An in-memory binlog with a persisted reader cursor, and sources reading it as embedded-canal does: after a
 * restart it resumes from the last transaction end or DDL at or before the acknowledged event (so the tail of an
 * acknowledged half transaction is replayed); a rollback re-delivers every unacknowledged event.
 */
public final class FakeBinlog {
  static final String FILE = "mysql-bin.000001";
  private final List<ChangeEvent> events = new ArrayList<>();
  private long offset = 4;
  private int acked = -1; // index of the last acked event: the cursor that survives crashes
  private boolean woken;
  volatile Runnable beforeAck = () -> {};
  /** Thrown by every {@code get} while set, as a reader failing at the same event each time. */
  volatile RuntimeException failGet;
  /** Whether {@link #failGet} is a failure reconnecting may heal, and one that repeats however often it is tried. */
  volatile boolean failRetryable;
  volatile boolean failDeterministic;

  synchronized int size() {
    return events.size();
  }

  synchronized BinlogPosition last() {
    return events.get(events.size() - 1).position();
  }

  synchronized List<ChangeEvent> events() {
    return List.copyOf(events);
  }

  /** The columns {@code names}, {@code id} the key. */
  private static List<ColumnInfo> columns(List<String> names) {
    List<ColumnInfo> c = new ArrayList<>(names.size());
    for (String n : names) {
      c.add(ColumnInfo.of(n, n.equals("id")));
    }
    return c;
  }

  /** Appends one rows event of {@code rows} (each {id, v[, more]}) and, if {@code commit}, a transaction end. */
  public synchronized void rows(RowChange.Kind kind, String table, List<String> cols, boolean commit,
      Object[]... rows) {
    long off = offset;
    offset += 100;
    for (int i = 0; i < rows.length; i++) {
      BinlogPosition p = BinlogPosition.row(FILE, off, i).withTimestamp(System.currentTimeMillis());
      List<Object> vals = Arrays.asList(rows[i]);
      RowChange r = switch (kind) {
        case INSERT -> RowChange.insert("src", table, columns(cols), vals, p);
        case DELETE -> RowChange.delete("src", table, columns(cols), vals, p);
        case UPDATE -> throw new IllegalArgumentException("use update()");
      };
      events.add(r);
    }
    if (commit) {
      commit();
    }
    notifyAll();
  }

  /** Appends an update of one row and a transaction end. */
  synchronized void update(String table, List<String> cols, Object[] before, Object[] after) {
    BinlogPosition p = BinlogPosition.row(FILE, offset, 0).withTimestamp(System.currentTimeMillis());
    offset += 100;
    events.add(RowChange.update("src", table, columns(cols), Arrays.asList(before), Arrays.asList(after), p));
    commit();
  }

  synchronized void commit() {
    events.add(TransactionEnd.of(null, BinlogPosition.of(FILE, offset)));
    offset += 30;
    notifyAll();
  }

  public synchronized BinlogPosition ddl(String table, String sql) {
    BinlogPosition p = BinlogPosition.of(FILE, offset);
    offset += 200;
    events.add(DdlEvent.of("src", table, sql, p));
    notifyAll();
    return p;
  }

  /** Appends DML logged as a statement (binlog_format STATEMENT) on {@code table} and a transaction end. */
  synchronized BinlogPosition statement(String table, String sql) {
    BinlogPosition p = BinlogPosition.of(FILE, offset);
    offset += 150;
    events.add(StatementEvent.of("src", table, sql, p));
    commit();
    return p;
  }

  /** Appends rows of {@code table} the reader could not decode ({@code reason}) and a transaction end. */
  synchronized BinlogPosition undecodable(String table, String reason) {
    BinlogPosition p = BinlogPosition.of(FILE, offset);
    offset += 100;
    events.add(UndecodableRows.of("src", table, reason, p));
    commit();
    return p;
  }

  synchronized int acked() {
    return acked;
  }

  /** A new reader, as a fresh embedded Canal after a restart. */
  public Source source() {
    return new Reader();
  }

  private final class Reader implements Source {
    private int cursor;
    private long nextBatch = 1;
    private final List<long[]> batches = new ArrayList<>(); // {id, lastIndex}

    @Override
    public void start() {
      synchronized (FakeBinlog.this) {
        int c = 0;
        for (int i = 0; i <= acked; i++) {
          if (!(events.get(i) instanceof RowChange)) {
            c = i + 1;
          }
        }
        cursor = c;
      }
    }

    @Override
    public boolean isRetryable(Throwable t) {
      return t == failGet && failRetryable;
    }

    @Override
    public boolean isDeterministic(Throwable t) {
      return t == failGet && failDeterministic;
    }

    @Override
    public Batch get(int maxEvents, Duration timeout) {
      RuntimeException f = failGet;
      if (f != null) {
        throw f;
      }
      synchronized (FakeBinlog.this) {
        long deadline = System.currentTimeMillis() + Math.max(1, timeout.toMillis());
        while (cursor >= events.size() && !woken && System.currentTimeMillis() < deadline) {
          try {
            FakeBinlog.this.wait(Math.max(1, deadline - System.currentTimeMillis()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Batch.empty();
          }
        }
        woken = false;
        if (cursor >= events.size()) {
          return Batch.empty();
        }
        int end = Math.min(events.size(), cursor + maxEvents);
        // a DDL comes alone in its batch, as embedded-canal delivers it
        for (int i = cursor; i < end; i++) {
          if (events.get(i) instanceof DdlEvent) {
            end = i == cursor ? i + 1 : i;
            break;
          }
        }
        List<ChangeEvent> slice = List.copyOf(events.subList(cursor, end));
        long id = nextBatch++;
        batches.add(new long[] {id, end - 1});
        cursor = end;
        return Batch.of(id, slice);
      }
    }

    @Override
    public void ack(long batchId) {
      beforeAck.run();
      synchronized (FakeBinlog.this) {
        int n = 0;
        while (n < batches.size() && batches.get(n)[0] != batchId) {
          n++;
        }
        if (n == batches.size()) {
          throw new IllegalStateException("ack " + batchId + ": no such un-acked batch");
        }
        acked = (int) batches.get(n)[1];
        batches.subList(0, n + 1).clear(); // cumulative, as embedded-canal's ack
      }
    }

    @Override
    public void wakeUp() {
      synchronized (FakeBinlog.this) {
        woken = true;
        FakeBinlog.this.notifyAll();
      }
    }

    @Override
    public void rollback() {
      synchronized (FakeBinlog.this) {
        batches.clear();
        cursor = acked + 1;
      }
    }

    @Override
    public BinlogPosition acked() {
      synchronized (FakeBinlog.this) {
        return acked < 0 ? null : events.get(acked).position();
      }
    }

    @Override
    public void close() {}
  }
}
