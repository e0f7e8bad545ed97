package org.binlogload.connector.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link StateStore} in memory, for tests: durable only as long as the object lives. */
public final class MemoryStateStore implements StateStore {
  private final Map<String, byte[]> values = new ConcurrentSkipListMap<>();

  /** An empty store. */
  public MemoryStateStore() {
  }

  @Override
  public Optional<byte[]> get(String key) {
    byte[] v = values.get(StateKeys.check(key));
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  @Override
  public void put(String key, byte[] value) {
    values.put(StateKeys.check(key), value.clone());
  }

  @Override
  public void delete(String key) {
    values.remove(StateKeys.check(key));
  }

  @Override
  public List<String> keys(String prefix) {
    StateKeys.checkPrefix(prefix);
    List<String> out = new ArrayList<>();
    for (String k : values.keySet()) {
      if (k.startsWith(prefix)) {
        out.add(k);
      }
    }
    return out;
  }

  @Override
  public StateStore scoped(String prefix) {
    return new ScopedStateStore(this, prefix);
  }

  @Override
  public String toString() {
    return "MemoryStateStore{" + values.size() + " keys}";
  }
}
