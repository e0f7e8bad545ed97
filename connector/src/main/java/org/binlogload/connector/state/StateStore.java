package org.binlogload.connector.state;

import java.util.List;
import java.util.Optional;
import org.binlogload.canal.DurableStore;

/**
 * Where all durable state of the connector lives (job definitions, states, positions, round decisions, schema
 * history), as keys ({@code [A-Za-z0-9_.-]} segments separated by {@code /}) to byte values.
 *
 * <p>It is the {@link DurableStore} a job hands to its EmbeddedCanal, so everything of a job lives in one place.
 */
public interface StateStore extends DurableStore {
  /** The value under {@code key}, if any. */
  @Override
  Optional<byte[]> get(String key);

  /** Stores {@code value} under {@code key} atomically and durably: after return it survives a crash. */
  @Override
  void put(String key, byte[] value);

  /** Removes {@code key}; no-op when absent. */
  void delete(String key);

  /** The keys starting with {@code prefix}, sorted. */
  List<String> keys(String prefix);

  /** A view of the keys under {@code prefix + "/"} (e.g. {@code "jobs/7"}), with keys relative to it. */
  StateStore scoped(String prefix);
}
