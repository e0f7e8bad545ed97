package org.binlogload.connector.sync;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.binlogload.connector.state.StateStore;

/** A state store calling a hook (which may throw {@link Crash}) before each put of the real one. */
final class HookedStateStore implements StateStore {
  private final StateStore delegate;
  private final BiConsumer<String, byte[]> hook;

  HookedStateStore(StateStore delegate, BiConsumer<String, byte[]> hook) {
    this.delegate = delegate;
    this.hook = hook;
  }

  @Override
  public Optional<byte[]> get(String key) {
    return delegate.get(key);
  }

  @Override
  public void put(String key, byte[] value) {
    hook.accept(key, value);
    delegate.put(key, value);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public List<String> keys(String prefix) {
    return delegate.keys(prefix);
  }

  @Override
  public StateStore scoped(String prefix) {
    return new HookedStateStore(delegate.scoped(prefix), hook);
  }
}
