package org.binlogload.connector.job;

import java.util.Optional;

/** Reads how a Doris table is made, so that job creation can check a channel's target before the first load. */
@FunctionalInterface
public interface TargetInspector {
  /** The keys type of a Doris table. */
  enum KeysType { UNIQUE_KEYS, DUPLICATE_KEYS, AGG_KEYS }

  /** The table {@code db.table}, or empty when it does not exist. */
  Optional<TargetTable> table(String db, String table);

  /** The keys type of {@code db.table}, or empty when the table does not exist. */
  default Optional<KeysType> keysType(String db, String table) {
    return table(db, table).map(TargetTable::keysType);
  }
}
