package org.binlogload.connector.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.binlogload.connector.load.LoadRow;

/**
 * A Doris model for unit tests: UNIQUE KEY tables where the sequence value orders rows and the delete sign deletes,
 * two-phase transactions by label, and a log of every row that became visible (to prove nothing landed twice).
 * It does NOT deduplicate a committed label's content beyond refusing the label, so exactly-once must come from the job.
 */
final class FakeDoris implements Sink {
  enum TxnState { PRECOMMITTED, COMMITTED, ABORTED }

  static final class Txn {
    final long id;
    final String table;
    final String label;
    final List<LoadRow> rows;
    TxnState state = TxnState.PRECOMMITTED;

    Txn(long id, String table, String label, List<LoadRow> rows) {
      this.id = id;
      this.table = table;
      this.label = label;
      this.rows = rows;
    }
  }

  static final class Retryable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Retryable(String m) {
      super(m);
    }
  }

  private static final Pattern CREATE = Pattern.compile("CREATE TABLE (\\S+) KEY\\((\\w+)\\)");
  private static final Pattern ADD = Pattern.compile("ALTER TABLE (\\S+) ADD COLUMN (\\w+)");
  private static final Pattern MODIFY = Pattern.compile("ALTER TABLE (\\S+) MODIFY COLUMN (\\w+)");
  private static final Pattern RENAME = Pattern.compile("ALTER TABLE (\\S+) RENAME (\\w+)");

  private final Map<String, String> keys = new LinkedHashMap<>();
  private final Map<String, java.util.Set<String>> addedColumns = new LinkedHashMap<>();
  private final Map<String, TreeMap<String, Map<String, Object>>> data = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> seqs = new LinkedHashMap<>();
  private final Map<String, Txn> byLabel = new LinkedHashMap<>();
  private final Map<Long, Txn> byId = new LinkedHashMap<>();
  private final Map<String, List<String>> visible = new LinkedHashMap<>();
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  final List<String> statements = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger failPrepares = new AtomicInteger();
  final AtomicInteger failCommits = new AtomicInteger();
  final AtomicInteger schemaWaits = new AtomicInteger();
  volatile Consumer<String> hook = s -> {};
  private long nextTxn = 1000;

  synchronized void createTable(String table, String key) {
    keys.put(table, key);
    data.put(table, new TreeMap<>());
    seqs.put(table, new LinkedHashMap<>());
    visible.put(table, new ArrayList<>());
  }

  @Override
  public long prepare(String db, String table, String label, List<LoadRow> rows) {
    hook.accept("prepare:" + db + "." + table);
    if (failPrepares.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new Retryable("injected load failure for " + label);
    }
    synchronized (this) {
      String t = db + "." + table;
      if (!keys.containsKey(t)) {
        throw new IllegalStateException("unknown table " + t);
      }
      Txn old = byLabel.get(label);
      if (old != null && old.state == TxnState.PRECOMMITTED) {
        log.add("prepare " + label + " (existing)");
        return old.id;
      }
      if (old != null && old.state == TxnState.COMMITTED) {
        throw new IllegalStateException("Label [" + label + "] has already been used, FINISHED");
      }
      Txn x = new Txn(nextTxn++, t, label, List.copyOf(rows));
      byLabel.put(label, x);
      byId.put(x.id, x);
      log.add("prepare " + label);
      return x.id;
    }
  }

  @Override
  public void commit(String db, long txnId, String label) {
    hook.accept("commit:" + label);
    if (failCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new Retryable("injected commit failure for " + label);
    }
    synchronized (this) {
      Txn x = byId.get(txnId);
      if (x == null || x.state == TxnState.ABORTED) {
        throw new IllegalStateException("transaction [" + txnId + "] not found");
      }
      log.add("commit " + label);
      if (x.state == TxnState.COMMITTED) {
        return; // already COMMITTED|VISIBLE counts as success
      }
      x.state = TxnState.COMMITTED;
      String key = keys.get(x.table);
      TreeMap<String, Map<String, Object>> rows = data.get(x.table);
      Map<String, Long> s = seqs.get(x.table);
      for (LoadRow r : x.rows) {
        Map<String, Object> values = values(r);
        String k = String.valueOf(values.get(key));
        Long old = s.get(k);
        visible.get(x.table).add(r.position() + (r.isDelete() ? "-" : "+"));
        if (old != null && r.sequence() < old) {
          continue; // the sequence column keeps the later row
        }
        s.put(k, r.sequence());
        if (r.isDelete()) {
          rows.remove(k);
        } else {
          rows.put(k, values);
        }
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
  public void abort(String db, String table, String label) {
    hook.accept("abort:" + label);
    synchronized (this) {
      Txn x = byLabel.get(label);
      log.add("abort " + label);
      if (x != null && x.state == TxnState.PRECOMMITTED) {
        x.state = TxnState.ABORTED;
      }
    }
  }

  @Override
  public synchronized void execute(String db, String statement) {
    hook.accept("execute:" + statement);
    statements.add(statement);
    Matcher m;
    if ((m = CREATE.matcher(statement)).matches()) {
      createTable(m.group(1), m.group(2));
    } else if ((m = RENAME.matcher(statement)).matches()) {
      String from = m.group(1);
      String to = db + "." + m.group(2);
      keys.put(to, keys.remove(from));
      data.put(to, data.remove(from));
      seqs.put(to, seqs.remove(from));
      visible.put(to, visible.remove(from));
    } else if ((m = ADD.matcher(statement)).matches()) {
      if (!addedColumns.computeIfAbsent(m.group(1), k -> new java.util.HashSet<>()).add(m.group(2))) {
        throw new IllegalStateException("Can not add column which already exists in base table: " + m.group(2));
      }
    } else if (!MODIFY.matcher(statement).matches()) {
      throw new IllegalStateException("fake Doris does not know: " + statement);
    }
  }

  @Override
  public void awaitSchemaChange(String db, String table) {
    hook.accept("await:" + db + "." + table);
    schemaWaits.incrementAndGet();
  }

  @Override
  public synchronized boolean tableExists(String db, String table) {
    return keys.containsKey(db + "." + table);
  }

  @Override
  public boolean isRetryable(Throwable t) {
    return t instanceof Retryable;
  }

  @Override
  public boolean alreadyApplied(Throwable t) {
    return String.valueOf(t.getMessage()).contains("which already exists");
  }

  /** Visible rows of {@code table}, by key. */
  synchronized Map<String, Map<String, Object>> rows(String table) {
    return new TreeMap<>(data.get(table));
  }

  /** Every row made visible, as position and +/- (a position appearing twice landed twice). */
  synchronized List<String> visibleLog(String table) {
    return List.copyOf(visible.get(table));
  }

  /** Labels still PRECOMMITTED. */
  synchronized List<String> precommitted() {
    List<String> l = new ArrayList<>();
    for (Txn x : byLabel.values()) {
      if (x.state == TxnState.PRECOMMITTED) {
        l.add(x.label);
      }
    }
    return l;
  }
}
