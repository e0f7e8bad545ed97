package org.binlogload.canal.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DurableStore;
import org.binlogload.canal.internal.schema.HistoryRecord.Snapshot;

/**
 * The history's records as kept in its {@link DurableStore}: read at the first rollback, cut back to the resume
 * position at each, and written whole ({@link HistoryCodec}) after each change.
 */
final class HistoryLog {
  private final DurableStore store;
  private final String key;
  private final StickyFailure failure;
  private List<HistoryRecord> records;

  /** The records under {@code key} in {@code store}; a record that cannot be read stops the history. */
  HistoryLog(DurableStore store, String key, StickyFailure failure) {
    this.store = store;
    this.key = key;
    this.failure = failure;
  }

  /** Throws unless the first {@link #rewind} has read the records. */
  void requireLoaded() {
    if (records == null) {
      throw new IllegalStateException("schema history " + key + " used before rollback");
    }
  }

  /** The records, oldest first; only after the first {@link #rewind}. */
  List<HistoryRecord> records() {
    requireLoaded();
    return records;
  }

  /** Appends {@code record}; {@link #persist} writes it. */
  void add(HistoryRecord record) {
    records().add(record);
  }

  /** Writes every record to the store, atomically. */
  void persist() {
    store.put(key, HistoryCodec.encode(records));
  }

  /**
   * Drops the records the binlog delivers again from {@code at} on ({@code Ddl} and {@code Define} at or after it,
   * {@code Snapshot} after it) and returns the snapshot to rebuild from: the latest at or before {@code at}; else, when
   * {@code mayTakeAhead} allows it, the first after it; else {@code firstSnapshot}'s, appended.
   */
  Snapshot rewind(BinlogPosition at, BooleanSupplier mayTakeAhead, Supplier<Snapshot> firstSnapshot) {
    List<HistoryRecord> loaded = load();
    List<HistoryRecord> kept = new ArrayList<>(loaded.size());
    Snapshot base = null;
    Snapshot ahead = null;
    for (HistoryRecord r : loaded) {
      if (r instanceof Snapshot s && s.position().compareTo(at) <= 0) {
        base = s;
      } else if (r instanceof Snapshot s && ahead == null) {
        ahead = s;
      }
    }
    if (base != null || (ahead != null && !mayTakeAhead.getAsBoolean())) {
      ahead = null;
    }
    base = null;
    for (HistoryRecord r : loaded) {
      boolean keep = r == ahead
          || (r instanceof Snapshot ? r.position().compareTo(at) <= 0 : r.position().compareTo(at) < 0);
      if (keep) {
        kept.add(r);
        if (r instanceof Snapshot s) {
          base = s;
        }
      }
    }
    boolean changed = kept.size() != loaded.size();
    if (base == null) {
      base = firstSnapshot.get();
      kept.add(base);
      changed = true;
    }
    records = kept;
    if (changed) {
      persist();
    }
    return base;
  }

  private List<HistoryRecord> load() {
    if (records != null) {
      return records;
    }
    Optional<byte[]> data;
    try {
      data = store.get(key);
    } catch (RuntimeException e) {
      throw failure.fail(BinlogException.Reason.CORRUPT_STATE, "cannot read the schema history " + key + " from "
          + store + ": " + e.getMessage());
    }
    if (data.isEmpty()) {
      return new ArrayList<>();
    }
    try {
      return new ArrayList<>(HistoryCodec.decode(data.get(), "schema history " + key + " in " + store));
    } catch (HistoryCodec.HistoryFormatException e) {
      throw failure.fail(BinlogException.Reason.CORRUPT_STATE, e.getMessage() + "; restore it from a backup, or start "
          + "the job again from a new position (the history is then rebuilt from the server)");
    }
  }
}
