package org.binlogload.connector.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The durable progress of a snapshot (JSON, {@code formatVersion} 1): the earliest low watermark (where the binlog
 * starts after the snapshot), the generation (one more at every start, so labels of a resumed run never meet those
 * of an earlier one) and per source table what is copied.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"formatVersion", "earliest", "generation", "tables"})
public record SnapshotProgress(Integer formatVersion, String earliest, long generation,
    TreeMap<String, TableProgress> tables) {
  /** Format version of the stored value. */
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One table: the first {@code chunksDone} chunks are copied, which is every row with a key at or before
   * {@code lastKey} (each value as {@link ColumnKind#text}; null before the first chunk), {@code rowsCopied} rows
   * loaded of about {@code estimatedRows}; {@code done} once the last chunk is copied.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"chunksDone", "lastKey", "rowsCopied", "estimatedRows", "done"})
  public record TableProgress(int chunksDone, List<String> lastKey, long rowsCopied, long estimatedRows,
      boolean done) {
    /** A table nothing of which is copied yet. */
    public static TableProgress start(long estimatedRows) {
      return new TableProgress(0, null, 0, estimatedRows, false);
    }
  }

  /** Checks the version and copies the tables. */
  public SnapshotProgress {
    Objects.requireNonNull(earliest, "earliest");
    tables = tables == null ? new TreeMap<>() : new TreeMap<>(tables);
  }

  /** A new snapshot whose binlog will start at {@code earliest}. */
  public static SnapshotProgress start(Watermark earliest) {
    return new SnapshotProgress(FORMAT_VERSION, earliest.toString(), 0, new TreeMap<>());
  }

  /** The earliest low watermark: the binlog is replayed from here once every table is copied. */
  public Watermark earliestWatermark() {
    return Watermark.parse(earliest);
  }

  /** The progress of {@code table} ({@code schema.table}), or null when it has not started. */
  public TableProgress table(String table) {
    return tables.get(table);
  }

  /** This progress with {@code table}'s progress replaced. */
  public SnapshotProgress with(String table, TableProgress p) {
    TreeMap<String, TableProgress> t = new TreeMap<>(tables);
    t.put(table, p);
    return new SnapshotProgress(formatVersion, earliest, generation, t);
  }

  /** This progress with {@code table} to be copied again from its first row (after a DDL of it, or on demand). */
  public SnapshotProgress restart(String table) {
    TableProgress old = tables.get(table);
    return with(table, TableProgress.start(old == null ? 0 : old.estimatedRows()));
  }

  /** This progress for the next run: the generation one higher. */
  public SnapshotProgress nextGeneration() {
    return new SnapshotProgress(formatVersion, earliest, generation + 1, tables);
  }

  /** Whether every table in {@code names} is done. */
  public boolean allDone(List<String> names) {
    return names.stream().allMatch(n -> tables.containsKey(n) && tables.get(n).done());
  }

  /** The stored form. */
  public byte[] toBytes() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the snapshot progress: " + e.getMessage(), e);
    }
  }

  /** Reads the stored form; refuses another format version. */
  public static SnapshotProgress fromBytes(byte[] bytes) {
    SnapshotProgress p;
    try {
      p = JSON.readValue(bytes, SnapshotProgress.class);
    } catch (IOException e) {
      throw new IllegalStateException("snapshot progress is not readable: " + e.getMessage() + ": "
          + new String(bytes, StandardCharsets.UTF_8), e);
    }
    if (p.formatVersion() == null || p.formatVersion() != FORMAT_VERSION) {
      throw new IllegalStateException("snapshot progress has format version " + p.formatVersion()
          + "; this version reads " + FORMAT_VERSION);
    }
    return p;
  }

  /** The tables' progress, by {@code schema.table}. */
  public Map<String, TableProgress> tablesView() {
    return java.util.Collections.unmodifiableMap(tables);
  }
}
