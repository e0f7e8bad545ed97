package org.binlogload.connector.state;

import java.util.List;
import java.util.Optional;

/**
 * Where all durable state of the connector lives (job definitions, states, positions, round decisions, schema
 * history), as keys ({@code [A-Za-z0-9_.-]} segments separated by {@code /}) to byte values.
 */
public interface StateStore {
  /** The value under {@code key}, if any. */
  Optional<byte[]> get(String key);

  /** Stores {@code value} under {@code key} atomically and durably: after return it survives a crash. */
  void put(String key, byte[] value);

  /** Removes {@code key}; no-op when absent. */
  void delete(String key);

  /** The keys starting with {@code prefix}, sorted. */
  List<String> keys(String prefix);

  /** A view of the keys under {@code prefix + "/"} (e.g. {@code "jobs/7"}), with keys relative to it. */
  StateStore scoped(String prefix);
}
