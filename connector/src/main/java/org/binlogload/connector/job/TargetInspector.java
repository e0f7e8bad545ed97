package org.binlogload.connector.job;

import java.util.Optional;

/** Reads how a Doris table is keyed, so that job creation can require a UNIQUE KEY target. */
@FunctionalInterface
public interface TargetInspector {
  /** The keys type of a Doris table. */
  enum KeysType { UNIQUE_KEYS, DUPLICATE_KEYS, AGG_KEYS }

  /** The keys type of {@code db.table}, or empty when the table does not exist. */
  Optional<KeysType> keysType(String db, String table);
}
