package org.binlogload.connector.sync;

import java.util.List;
import java.util.Optional;
import org.binlogload.canal.BinlogPosition;

/** Reads table definitions from the source server (over JDBC as the replication user in production). */
public interface SourceCatalog {
  /** The schemas (databases) of the server, for schema patterns; none by default. */
  default List<String> schemas() {
    return List.of();
  }

  /** The base tables of {@code schema}. */
  List<String> tables(String schema);

  /** {@code SHOW CREATE TABLE schema.table}, or empty if the table does not exist. */
  Optional<String> showCreateTable(String schema, String table);

  /** The end of the source's binlog now ({@code SHOW MASTER STATUS}), or empty when it cannot be told. */
  default Optional<BinlogPosition> head() {
    return Optional.empty();
  }
}
