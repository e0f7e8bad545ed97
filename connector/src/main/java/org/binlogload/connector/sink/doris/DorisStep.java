package org.binlogload.connector.sink.doris;

import java.util.Objects;
import org.binlogload.connector.sync.SchemaStep;

/** One Doris statement of a schema change, run in {@code db}; a {@code heavy} one starts a schema-change job. */
record DorisStep(String db, String table, String sql, boolean heavy) implements SchemaStep {
  /** Checks the fields. */
  DorisStep {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(sql, "sql");
  }

  @Override
  public String text() {
    return sql;
  }
}
