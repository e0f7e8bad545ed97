package org.binlogload.connector.sync;

import java.util.List;
import org.binlogload.ddl.SchemaChange;

/**
 * The sink's side of schema changes (as Flink CDC's {@code MetadataApplier}): it turns neutral {@link SchemaChange}s
 * of one source DDL, with the binding of source tables to target tables, into steps it runs one by one. The engine
 * persists which step is done, so each step is sent once, and a step sent before a crash is sent again only once.
 */
public interface SchemaApplier {
  /** Whether target table {@code db.table} exists. */
  boolean exists(String db, String table);

  /** How the target takes {@code changes} with source tables bound as {@code binding}: pure, nothing is sent. */
  SchemaPlan plan(List<SchemaChange> changes, Bindings binding);

  /** Sends {@code step}; work the target finishes later is waited for by {@link #await}. */
  void send(SchemaStep step);

  /** Waits until the target finished {@code step} (again after a restart); returns at once if nothing runs. */
  void await(SchemaStep step);

  /**
   * Whether the target's refusal {@code t} of {@code step}, sent again because its first answer was lost in a crash,
   * says that the step is already in place.
   */
  boolean alreadyApplied(SchemaStep step, Throwable t);

  /** Sends {@code step} and waits for it. */
  default void apply(SchemaStep step) {
    send(step);
    await(step);
  }
}
