package org.binlogload.connector.snapshot;

import java.util.List;
import java.util.Objects;
import org.binlogload.connector.doris.RowSource;

/** Loads one chunk's rows into the target as one load, under a deterministic label; the snapshot's port to Doris. */
public interface ChunkLoader {
  /**
   * One chunk's load: the target table, the label (the same for a retry of the same chunk in the same generation),
   * the columns the rows carry and the sequence every row carries (the chunk's low watermark).
   */
  record ChunkLoad(String db, String table, String label, List<String> columns, long sequence) {
    /** Checks the fields and copies the columns. */
    public ChunkLoad {
      Objects.requireNonNull(db, "db");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(label, "label");
      columns = List.copyOf(columns);
    }

    /** {@code db.table}. */
    public String qualifiedTable() {
      return db + "." + table;
    }
  }

  /**
   * Loads {@code rows} and returns how many rows the target took; a load under a label the target already
   * committed counts as done. Throws with the table and label when the target refuses it.
   */
  long load(ChunkLoad load, RowSource rows);
}
