package org.binlogload.connector.job;

import java.util.List;

/**
 * What job creation needs to know of an existing Doris table.
 *
 * @param keysType the data model
 * @param keyColumns the key columns, in key order
 * @param columns the visible columns, in table order
 * @param sequence whether the table has a sequence column (a hidden one, or {@code function_column.sequence_col})
 */
public record TargetTable(TargetInspector.KeysType keysType, List<String> keyColumns, List<String> columns,
    boolean sequence) {
  /** A table description. */
  public TargetTable {
    keyColumns = List.copyOf(keyColumns);
    columns = List.copyOf(columns);
  }
}
