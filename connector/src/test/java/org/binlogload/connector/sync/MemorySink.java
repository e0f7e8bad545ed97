package org.binlogload.connector.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.ddl.SchemaChange;

/**
 * An in-memory sink for the engine's tests: keyed tables where the sequence value orders rows and the delete flag
 * deletes, writes staged by key until committed, schema changes recorded as they arrive, and a log of every row that
 * became visible (to prove nothing landed twice). It does NOT deduplicate a committed key's content beyond refusing
 * the key, so exactly-once must come from the job. A column type change finishes asynchronously (it is awaited).
 */
final class MemorySink implements Sink {
  enum State { STAGED, VISIBLE, DROPPED }

  static final class Staged {
    final long id;
    final String table;
    final String key;
    final List<LoadRow> rows;
    State state = State.STAGED;

    Staged(long id, String table, String key, List<LoadRow> rows) {
      this.id = id;
      this.table = table;
      this.key = key;
      this.rows = rows;
    }
  }

  static final class Retryable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Retryable(String m) {
      super(m);
    }
  }

  private final Map<String, String> keys = new LinkedHashMap<>();
  private final Map<String, java.util.Set<String>> addedColumns = new LinkedHashMap<>();
  private final Map<String, TreeMap<String, Map<String, Object>>> data = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> seqs = new LinkedHashMap<>();
  private final Map<String, Staged> byKey = new LinkedHashMap<>();
  private final Map<Long, Staged> byId = new LinkedHashMap<>();
  private final Map<String, List<String>> visible = new LinkedHashMap<>();
  private final Schema schema = new Schema();
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  /** Every schema step sent, as its text ({@link MemoryStep#text}), in order. */
  final List<String> steps = Collections.synchronizedList(new ArrayList<>());
  /** Every schema change applied, in order. */
  final List<SchemaChange> changes = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger failPrepares = new AtomicInteger();
  final AtomicInteger failCommits = new AtomicInteger();
  final AtomicInteger schemaWaits = new AtomicInteger();
  volatile Consumer<String> hook = s -> {};
  private long nextId = 1000;

  private synchronized void createTable(String table, String key) {
    keys.put(table, key);
    data.put(table, new TreeMap<>());
    seqs.put(table, new LinkedHashMap<>());
    visible.put(table, new ArrayList<>());
  }

  @Override
  public Write open(String job, String db, String table, BinlogPosition end) {
    return new Write(db, table, job + "/" + db + "." + table + "@" + end, -1);
  }

  @Override
  public Write prepare(Write w, List<LoadRow> rows) {
    hook.accept("prepare:" + w.db() + "." + w.table());
    if (failPrepares.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new Retryable("injected write failure for " + w.key());
    }
    synchronized (this) {
      String t = w.db() + "." + w.table();
      if (!keys.containsKey(t)) {
        throw new IllegalStateException("unknown table " + t);
      }
      Staged old = byKey.get(w.key());
      if (old != null && old.state == State.STAGED) {
        log.add("prepare " + w.key() + " (existing)");
        return w.prepared(old.id);
      }
      if (old != null && old.state == State.VISIBLE) {
        throw new IllegalStateException("key " + w.key() + " is already visible");
      }
      Staged x = new Staged(nextId++, t, w.key(), List.copyOf(rows));
      byKey.put(w.key(), x);
      byId.put(x.id, x);
      log.add("prepare " + w.key());
      return w.prepared(x.id);
    }
  }

  @Override
  public void commit(Write w) {
    hook.accept("commit:" + w.key());
    if (failCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new Retryable("injected commit failure for " + w.key());
    }
    synchronized (this) {
      Staged x = byId.get(w.id());
      if (x == null || x.state == State.DROPPED) {
        throw new IllegalStateException("staged write " + w.id() + " not found");
      }
      log.add("commit " + w.key());
      if (x.state == State.VISIBLE) {
        return; // already visible counts as success
      }
      x.state = State.VISIBLE;
      publish(x);
    }
  }

  private void publish(Staged x) {
    String key = keys.get(x.table);
    TreeMap<String, Map<String, Object>> rows = data.get(x.table);
    Map<String, Long> s = seqs.get(x.table);
    for (LoadRow r : x.rows) {
      Map<String, Object> values = values(r);
      String k = String.valueOf(values.get(key));
      Long old = s.get(k);
      visible.get(x.table).add(r.position() + (r.isDelete() ? "-" : "+"));
      if (old != null && r.sequence() < old) {
        continue; // the sequence value keeps the later row
      }
      s.put(k, r.sequence());
      if (r.isDelete()) {
        rows.remove(k);
      } else {
        rows.put(k, values);
      }
    }
  }

  /** Column name to value of {@code r}, in column order. */
  static Map<String, Object> values(LoadRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < r.columns().size(); i++) {
      m.put(r.columns().name(i), r.value(i));
    }
    return m;
  }

  @Override
  public void abort(Write w) {
    hook.accept("abort:" + w.key());
    synchronized (this) {
      Staged x = byKey.get(w.key());
      log.add("abort " + w.key());
      if (x != null && x.state == State.STAGED) {
        x.state = State.DROPPED;
      }
    }
  }

  @Override
  public SchemaApplier schema() {
    return schema;
  }

  @Override
  public boolean isRetryable(Throwable t) {
    return t instanceof Retryable;
  }

  /** Visible rows of {@code table}, by key. */
  synchronized Map<String, Map<String, Object>> rows(String table) {
    return new TreeMap<>(data.get(table));
  }

  /** Every row made visible, as position and +/- (a position appearing twice landed twice). */
  synchronized List<String> visibleLog(String table) {
    return List.copyOf(visible.get(table));
  }

  /** Keys still staged. */
  synchronized List<String> staged() {
    List<String> l = new ArrayList<>();
    for (Staged x : byKey.values()) {
      if (x.state == State.STAGED) {
        l.add(x.key);
      }
    }
    return l;
  }

  /** One change on target table {@code target} ({@code db.table}; {@code renamedTo} for a rename). */
  record MemoryStep(SchemaChange change, String target, String renamedTo) implements SchemaStep {
    @Override
    public String text() {
      if (change instanceof SchemaChange.CreateTable c) {
        return "create table " + target + " key " + c.definition().keyColumns().get(0);
      } else if (change instanceof SchemaChange.AddColumn a) {
        return "add column " + target + "." + a.column().name();
      } else if (change instanceof SchemaChange.AlterColumnType a) {
        return "alter column " + target + "." + a.newColumn().name();
      } else if (change instanceof SchemaChange.RenameTable) {
        return "rename table " + target + " to " + renamedTo;
      }
      return change.getClass().getSimpleName() + " " + target;
    }
  }

  /** The schema side: every change but a no-op is one step; a column type change is awaited. */
  private final class Schema implements SchemaApplier {
    @Override
    public boolean exists(String db, String table) {
      synchronized (MemorySink.this) {
        return keys.containsKey(db + "." + table);
      }
    }

    @Override
    public SchemaPlan plan(List<SchemaChange> changes, Bindings binding) {
      List<SchemaStep> l = new ArrayList<>();
      for (SchemaChange c : changes) {
        if (!(c instanceof SchemaChange.NoOp)) {
          String to = c instanceof SchemaChange.RenameTable r ? target(binding, r.newTable().schema(),
              r.newTable().table()) : null;
          l.add(new MemoryStep(c, target(binding, c.table().schema(), c.table().table()), to));
        }
      }
      return new SchemaPlan.Steps(l, List.of());
    }

    private String target(Bindings b, String schema, String table) {
      return b.targetDatabase(schema) + "." + b.targetTable(schema, table);
    }

    @Override
    public void send(SchemaStep step) {
      MemoryStep s = (MemoryStep) step;
      hook.accept("send:" + s.text());
      synchronized (MemorySink.this) {
        steps.add(s.text());
        apply(s);
        changes.add(s.change());
      }
    }

    private void apply(MemoryStep s) {
      if (s.change() instanceof SchemaChange.CreateTable c) {
        createTable(s.target(), c.definition().keyColumns().get(0));
      } else if (s.change() instanceof SchemaChange.RenameTable) {
        keys.put(s.renamedTo(), keys.remove(s.target()));
        data.put(s.renamedTo(), data.remove(s.target()));
        seqs.put(s.renamedTo(), seqs.remove(s.target()));
        visible.put(s.renamedTo(), visible.remove(s.target()));
      } else if (s.change() instanceof SchemaChange.AddColumn a
          && !addedColumns.computeIfAbsent(s.target(), k -> new java.util.HashSet<>()).add(a.column().name())) {
        throw new IllegalStateException("column " + a.column().name() + " of " + s.target() + " already exists");
      }
    }

    @Override
    public void await(SchemaStep step) {
      if (((MemoryStep) step).change() instanceof SchemaChange.AlterColumnType) {
        hook.accept("await:" + step.text());
        schemaWaits.incrementAndGet();
      }
    }

    @Override
    public boolean alreadyApplied(SchemaStep step, Throwable t) {
      return String.valueOf(t.getMessage()).endsWith("already exists");
    }
  }
}
