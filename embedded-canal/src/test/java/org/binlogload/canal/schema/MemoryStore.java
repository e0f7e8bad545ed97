package org.binlogload.canal.schema;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.binlogload.canal.DurableStore;

/** A DurableStore in memory that can be copied, to restart a history at several positions from the same state. */
final class MemoryStore implements DurableStore {
  private final Map<String, byte[]> values = new HashMap<>();

  @Override
  public synchronized Optional<byte[]> get(String key) {
    byte[] v = values.get(key);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  @Override
  public synchronized void put(String key, byte[] value) {
    values.put(key, value.clone());
  }

  synchronized MemoryStore copy() {
    MemoryStore c = new MemoryStore();
    values.forEach((k, v) -> c.values.put(k, v.clone()));
    return c;
  }

  @Override
  public String toString() {
    return "MemoryStore";
  }
}
