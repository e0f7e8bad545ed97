package org.binlogload.connector.sync;

import java.util.Objects;

/** One Doris statement of a DDL's translation, run in {@code db}; {@code heavy} ones are waited for. */
public record TargetStatement(String db, String table, String sql, boolean heavy) {
  /** Checks the fields. */
  public TargetStatement {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(sql, "sql");
  }
}
