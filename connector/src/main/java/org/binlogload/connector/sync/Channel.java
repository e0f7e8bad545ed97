package org.binlogload.connector.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.binlogload.connector.job.ChannelStatus;
import org.binlogload.ddl.NameMapping;

/**
 * One target Doris table of a job: the source table bound to it, its column mapping and the rows buffered for
 * the open round. Mapping is by name (every source column, so added columns flow) unless the job lists columns,
 * in which case only those are kept; the job's name_mapping renames columns Doris would reject.
 */
public final class Channel {
  private volatile String sourceSchema;
  private volatile String sourceTable;
  private final String targetDb;
  private final String targetTable;
  private final List<String> columns;
  private final NameMapping names;
  private final List<LoadRow> buffer = new ArrayList<>();
  private long bufferedBytes;
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong loads = new AtomicLong();
  private volatile String lastLabel;

  Channel(String sourceSchema, String sourceTable, String targetDb, String targetTable, List<String> columns) {
    this(sourceSchema, sourceTable, targetDb, targetTable, columns, NameMapping.none());
  }

  Channel(String sourceSchema, String sourceTable, String targetDb, String targetTable, List<String> columns,
      NameMapping names) {
    this.sourceSchema = sourceSchema;
    this.sourceTable = sourceTable;
    this.targetDb = targetDb;
    this.targetTable = targetTable;
    this.columns = List.copyOf(columns);
    this.names = names;
  }

  /** {@code mysql_db.tbl} currently bound to this channel. */
  public String source() {
    return sourceSchema + "." + sourceTable;
  }

  /** {@code doris_db.tbl}. */
  public String target() {
    return targetDb + "." + targetTable;
  }

  /** The Doris database. */
  public String targetDb() {
    return targetDb;
  }

  /** The Doris table. */
  public String targetTable() {
    return targetTable;
  }

  /** The explicit column list, or empty for mapping by name. */
  public List<String> columns() {
    return columns;
  }

  void bind(String schema, String table) {
    this.sourceSchema = schema;
    this.sourceTable = table;
  }

  /** Buffers the Doris rows of {@code row}: an update of a key deletes the old key and inserts the new one. */
  void add(SourceEvent.Row row) {
    long seq = row.position().sequence();
    switch (row.kind()) {
      case INSERT -> append(new LoadRow(map(row.columns(), row.after()), false, seq, row.position()));
      case DELETE -> append(new LoadRow(map(row.columns(), row.before()), true, seq, row.position()));
      case UPDATE -> {
        if (row.changesKey()) {
          append(new LoadRow(map(row.columns(), row.before()), true, seq, row.position()));
        }
        append(new LoadRow(map(row.columns(), row.after()), false, seq, row.position()));
      }
      default -> throw new IllegalStateException("unknown kind " + row.kind());
    }
  }

  private Map<String, Object> map(List<String> names, List<Object> values) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (columns.isEmpty()) {
      for (int i = 0; i < names.size(); i++) {
        m.put(dorisColumn(names.get(i)), values.get(i));
      }
    } else {
      for (String c : columns) {
        int i = names.indexOf(c);
        if (i >= 0) {
          m.put(dorisColumn(c), values.get(i));
        }
      }
    }
    return m;
  }

  /** The Doris column of source column {@code c}: its name, or the job's name_mapping for it. */
  private String dorisColumn(String c) {
    return this.names.isEmpty() ? c : this.names.dorisColumn(sourceTable, c);
  }

  private void append(LoadRow r) {
    buffer.add(r);
    bufferedBytes += r.estimatedBytes();
  }

  /** Bytes buffered for the open round. */
  long bufferedBytes() {
    return bufferedBytes;
  }

  /** Whether rows at or before {@code end} are buffered. */
  boolean hasRowsThrough(Position end) {
    return !buffer.isEmpty() && buffer.get(0).position().compareTo(end) <= 0;
  }

  /** The buffered rows at or before {@code end}, in binlog order, without removing them. */
  List<LoadRow> rowsThrough(Position end) {
    int n = 0;
    while (n < buffer.size() && buffer.get(n).position().compareTo(end) <= 0) {
      n++;
    }
    return List.copyOf(buffer.subList(0, n));
  }

  /** Drops the buffered rows at or before {@code end} after they were committed, counting them. */
  void committed(Position end, String label) {
    List<LoadRow> done = rowsThrough(end);
    long b = 0;
    for (LoadRow r : done) {
      b += r.estimatedBytes();
    }
    buffer.subList(0, done.size()).clear();
    bufferedBytes -= b;
    rows.addAndGet(done.size());
    bytes.addAndGet(b);
    loads.incrementAndGet();
    lastLabel = label;
  }

  /** Forgets every buffered row (the source replays them after a rollback). */
  void discard() {
    buffer.clear();
    bufferedBytes = 0;
  }

  /** Rows committed so far. */
  public long committedRows() {
    return rows.get();
  }

  /** This channel's counters. */
  public ChannelStatus status() {
    return ChannelStatus.of(source(), target(), rows.get(), bytes.get(), loads.get(), lastLabel);
  }

  @Override
  public String toString() {
    return source() + "->" + target();
  }
}
