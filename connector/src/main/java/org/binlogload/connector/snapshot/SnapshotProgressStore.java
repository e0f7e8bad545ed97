package org.binlogload.connector.snapshot;

import java.util.Optional;
import org.binlogload.connector.state.StateStore;

/** Keeps the snapshot progress as one value of the job's state store ({@code snapshot/progress}). */
public final class SnapshotProgressStore {
  static final String KEY = "snapshot/progress";
  private final StateStore store;

  /** The progress in {@code store} (the job's scoped store). */
  public SnapshotProgressStore(StateStore store) {
    this.store = store;
  }

  /** The stored progress, if a snapshot started. */
  public Optional<SnapshotProgress> load() {
    return store.get(KEY).map(SnapshotProgress::fromBytes);
  }

  /** Replaces the stored progress atomically. */
  public void save(SnapshotProgress progress) {
    store.put(KEY, progress.toBytes());
  }
}
