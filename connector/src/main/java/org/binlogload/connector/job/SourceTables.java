package org.binlogload.connector.job;

import java.util.Optional;
import org.binlogload.ddl.TableDefinition;

/** Reads a source table's definition (columns, keys) so that job creation can check a channel against it. */
@FunctionalInterface
public interface SourceTables {
  /** The definition of {@code schema.table} on {@code source}, or empty when there is no such table. */
  Optional<TableDefinition> table(SourceSpec source, String schema, String table);
}
