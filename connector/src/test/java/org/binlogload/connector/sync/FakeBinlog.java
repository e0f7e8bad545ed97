package org.binlogload.connector.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory binlog with a persisted reader cursor, and sources reading it as embedded-canal does: after a
 * restart it resumes from the last transaction end or DDL at or before the acknowledged event (so the tail of an
 * acknowledged half transaction is replayed); a rollback re-delivers every unacknowledged event.
 */
public final class FakeBinlog {
  static final String FILE = "mysql-bin.000001";
  private final List<SourceEvent> events = new ArrayList<>();
  private long offset = 4;
  private int acked = -1; // index of the last acked event: the cursor that survives crashes
  volatile Runnable beforeAck = () -> {};
  /** Thrown by every {@code get} while set, as a reader failing at the same event each time. */
  volatile RuntimeException failGet;
  /** Whether {@link #failGet} is a failure reconnecting may heal, and one that repeats however often it is tried. */
  volatile boolean failRetryable;
  volatile boolean failDeterministic;

  synchronized int size() {
    return events.size();
  }

  synchronized Position last() {
    return events.get(events.size() - 1).position();
  }

  synchronized List<SourceEvent> events() {
    return List.copyOf(events);
  }

  /** Appends one rows event of {@code rows} (each {id, v[, more]}) and, if {@code commit}, a transaction end. */
  public synchronized void rows(SourceEvent.Kind kind, String table, List<String> cols, boolean commit, Object[]... rows) {
    long off = offset;
    offset += 100;
    for (int i = 0; i < rows.length; i++) {
      Position p = Position.row(FILE, off, i).withTimestamp(System.currentTimeMillis());
      List<Object> vals = Arrays.asList(rows[i]);
      SourceEvent.Row r = switch (kind) {
        case INSERT -> SourceEvent.Row.insert("src", table, cols, List.of("id"), vals, p);
        case DELETE -> SourceEvent.Row.delete("src", table, cols, List.of("id"), vals, p);
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
    Position p = Position.row(FILE, offset, 0).withTimestamp(System.currentTimeMillis());
    offset += 100;
    events.add(SourceEvent.Row.update("src", table, cols, List.of("id"), Arrays.asList(before), Arrays.asList(after), p));
    commit();
  }

  synchronized void commit() {
    events.add(new SourceEvent.TxEnd(Position.of(FILE, offset)));
    offset += 30;
    notifyAll();
  }

  public synchronized Position ddl(String table, String sql) {
    Position p = Position.of(FILE, offset);
    offset += 200;
    events.add(new SourceEvent.Ddl("src", table, sql, p));
    notifyAll();
    return p;
  }

  /** Appends DML logged as a statement (binlog_format STATEMENT) on {@code table} and a transaction end. */
  synchronized Position statement(String table, String sql) {
    Position p = Position.of(FILE, offset);
    offset += 150;
    events.add(new SourceEvent.Statement("src", table, sql, p));
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
          if (!(events.get(i) instanceof SourceEvent.Row)) {
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
    public SourceBatch get(int maxEvents, Duration timeout) {
      RuntimeException f = failGet;
      if (f != null) {
        throw f;
      }
      synchronized (FakeBinlog.this) {
        if (cursor >= events.size()) {
          try {
            FakeBinlog.this.wait(Math.max(1, timeout.toMillis()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SourceBatch.empty();
          }
        }
        if (cursor >= events.size()) {
          return SourceBatch.empty();
        }
        int end = Math.min(events.size(), cursor + maxEvents);
        // a DDL comes alone in its batch, as embedded-canal delivers it
        for (int i = cursor; i < end; i++) {
          if (events.get(i) instanceof SourceEvent.Ddl) {
            end = i == cursor ? i + 1 : i;
            break;
          }
        }
        List<SourceEvent> slice = List.copyOf(events.subList(cursor, end));
        long id = nextBatch++;
        batches.add(new long[] {id, end - 1});
        cursor = end;
        return new SourceBatch(id, slice);
      }
    }

    @Override
    public void ack(long batchId) {
      beforeAck.run();
      synchronized (FakeBinlog.this) {
        if (batches.isEmpty() || batches.get(0)[0] != batchId) {
          throw new IllegalStateException("ack " + batchId + " out of order");
        }
        acked = (int) batches.remove(0)[1];
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
    public Position acked() {
      synchronized (FakeBinlog.this) {
        return acked < 0 ? null : events.get(acked).position();
      }
    }

    @Override
    public void close() {}
  }
}
