package org.binlogload.connector.sync;

import java.util.Optional;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.state.StateStore;

/** Reads and writes a job's {@link Progress} and schema snapshots in its scoped state store. */
final class ProgressStore {
  static final String PROGRESS_KEY = "sync/progress";
  static final String SCHEMA_PREFIX = "sync/schema/";

  private final StateStore store;
  private volatile Progress current;

  ProgressStore(StateStore store) {
    this.store = store;
    this.current = store.get(PROGRESS_KEY).map(Progress::fromBytes).orElse(Progress.initial());
  }

  /** The last progress written (or read at start). */
  Progress current() {
    return current;
  }

  /** Writes {@code p} atomically and durably. */
  void write(Progress p) {
    store.put(PROGRESS_KEY, p.toBytes());
    current = p;
  }

  /** The schema snapshot {@code version}, if stored. */
  Optional<byte[]> schema(long version) {
    return version <= 0 ? Optional.empty() : store.get(SCHEMA_PREFIX + version);
  }

  /**
   * Stores {@code schema} as a new snapshot, then switches progress to it at {@code position} in one atomic write,
   * then deletes the snapshot it replaced.
   */
  void commitSchema(byte[] schema, BinlogPosition position) {
    long old = current.schemaVersion();
    long next = old + 1;
    store.put(SCHEMA_PREFIX + next, schema);
    write(current.withSchema(next, position));
    if (old > 0) {
      store.delete(SCHEMA_PREFIX + old);
    }
  }
}
