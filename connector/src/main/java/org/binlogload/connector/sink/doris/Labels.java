package org.binlogload.connector.sink.doris;

import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.doris.Label;

/** Deterministic Stream Load labels from (job, target table, round end), through the Doris client's {@link Label}. */
final class Labels {
  private Labels() {}

  /** The label of the load of {@code db.table} by {@code job} in the round ending at {@code end}. */
  static String of(String job, String db, String table, BinlogPosition end) {
    return Label.of(job, db + "." + table, end.toString()).value();
  }
}
