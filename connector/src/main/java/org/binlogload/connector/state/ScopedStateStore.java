package org.binlogload.connector.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A view of another store's keys under {@code prefix/}, with keys relative to it. */
final class ScopedStateStore implements StateStore {
  private final StateStore parent;
  private final String prefix;

  ScopedStateStore(StateStore parent, String prefix) {
    this.parent = parent;
    this.prefix = StateKeys.check(prefix) + "/";
  }

  @Override
  public Optional<byte[]> get(String key) {
    return parent.get(prefix + StateKeys.check(key));
  }

  @Override
  public void put(String key, byte[] value) {
    parent.put(prefix + StateKeys.check(key), value);
  }

  @Override
  public void delete(String key) {
    parent.delete(prefix + StateKeys.check(key));
  }

  @Override
  public List<String> keys(String keyPrefix) {
    List<String> out = new ArrayList<>();
    for (String k : parent.keys(prefix + StateKeys.checkPrefix(keyPrefix))) {
      out.add(k.substring(prefix.length()));
    }
    return out;
  }

  @Override
  public StateStore scoped(String sub) {
    return new ScopedStateStore(parent, prefix + StateKeys.check(sub));
  }

  @Override
  public String toString() {
    return parent + "/" + prefix;
  }
}
