package org.binlogload.canal;

import java.nio.file.Path;
import java.util.Optional;
import org.binlogload.canal.internal.DirectoryStore;

/** Where embedded-canal keeps its cursor and schema history: small values under string keys, written atomically. */
public interface DurableStore {
  /** The value saved under {@code key}, if any. */
  Optional<byte[]> get(String key);

  /** Saves {@code value} under {@code key}, atomically and durably (after it returns, a crash keeps it whole). */
  void put(String key, byte[] value);

  /** A store keeping one file per key in {@code dir} (write, fsync, rename). */
  static DurableStore directory(Path dir) {
    return new DirectoryStore(dir);
  }
}
