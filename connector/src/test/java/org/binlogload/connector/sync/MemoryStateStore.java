package org.binlogload.connector.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;
import org.binlogload.connector.state.StateStore;

/** An in-memory state store whose puts can be observed (and made to crash) by a test. */
public final class MemoryStateStore implements StateStore {
  private final Map<String, byte[]> map;
  private final String prefix;
  volatile BiConsumer<String, byte[]> beforePut = (k, v) -> {};

  MemoryStateStore() {
    this(new ConcurrentSkipListMap<>(), "");
  }

  private MemoryStateStore(Map<String, byte[]> map, String prefix) {
    this.map = map;
    this.prefix = prefix;
  }

  @Override
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(map.get(prefix + key)).map(byte[]::clone);
  }

  @Override
  public void put(String key, byte[] value) {
    beforePut.accept(key, value);
    map.put(prefix + key, value.clone());
  }

  @Override
  public void delete(String key) {
    map.remove(prefix + key);
  }

  @Override
  public List<String> keys(String p) {
    List<String> l = new ArrayList<>();
    for (String k : map.keySet()) {
      if (k.startsWith(prefix + p)) {
        l.add(k.substring(prefix.length()));
      }
    }
    return l;
  }

  @Override
  public StateStore scoped(String p) {
    MemoryStateStore s = new MemoryStateStore(map, prefix + p + "/");
    s.beforePut = (k, v) -> beforePut.accept(k, v);
    return s;
  }
}
