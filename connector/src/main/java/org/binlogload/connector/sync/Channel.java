package org.binlogload.connector.sync;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ColumnInfo;
import org.binlogload.canal.RowChange;
import org.binlogload.connector.job.ChannelStatus;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.connector.load.PackedRows;
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
  private final PackedRows buffer = new PackedRows();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong loads = new AtomicLong();
  private volatile String lastLabel;
  private ColumnMapping mapping;

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
    this.mapping = null; // name_mapping is per source table
  }

  /** Buffers the Doris rows of {@code row}: an update of a key deletes the old key and inserts the new one. */
  void add(RowChange row) {
    ColumnMapping s = mapping(row.columns());
    BinlogPosition p = row.position();
    long seq = p.sequence();
    switch (row.kind()) {
      case INSERT -> buffer.add(s.row(row.after(), false, seq, p));
      case DELETE -> buffer.add(s.row(row.before(), true, seq, p));
      case UPDATE -> {
        if (s.changesKey(row.before(), row.after())) {
          buffer.add(s.row(row.before(), true, seq, p));
        }
        buffer.add(s.row(row.after(), false, seq, p));
      }
      default -> throw new IllegalStateException("unknown kind " + row.kind());
    }
  }

  /** The mapping of the source columns {@code source} (one list per table shape, shared by its rows), made once. */
  private ColumnMapping mapping(List<ColumnInfo> source) {
    ColumnMapping s = mapping;
    if (s == null || (s.source != source && !s.source.equals(source))) {
      s = ColumnMapping.of(source, columns, this::dorisColumn);
      mapping = s;
    }
    return s;
  }

  /** The Doris column of source column {@code c}: its name, or the job's name_mapping for it. */
  String dorisColumn(String c) {
    return this.names.isEmpty() ? c : this.names.dorisColumn(sourceTable, c);
  }


  /** Bytes buffered for the open round. */
  long bufferedBytes() {
    return buffer.estimatedBytes();
  }

  /** Whether rows at or before {@code end} are buffered. */
  boolean hasRowsThrough(BinlogPosition end) {
    return buffer.size() > 0 && buffer.position(0).compareTo(end) <= 0;
  }

  /** The buffered rows at or before {@code end}, in binlog order, without removing them; later adds leave it as is. */
  List<LoadRow> rowsThrough(BinlogPosition end) {
    return buffer.head(countThrough(end));
  }

  /** How many buffered rows are at or before {@code end}: a binary search, the buffer being in binlog order. */
  private int countThrough(BinlogPosition end) {
    int lo = 0;
    int hi = buffer.size();
    if (hi == 0 || buffer.position(hi - 1).compareTo(end) <= 0) {
      return hi;
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (buffer.position(mid).compareTo(end) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Drops the buffered rows at or before {@code end} after they were committed, counting them. */
  void committed(BinlogPosition end, String label) {
    int n = countThrough(end);
    long b = buffer.dropHead(n);
    rows.addAndGet(n);
    bytes.addAndGet(b);
    loads.incrementAndGet();
    lastLabel = label;
  }

  /** Forgets every buffered row (the source replays them after a rollback). */
  void discard() {
    buffer.clear();
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
