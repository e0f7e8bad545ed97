package org.binlogload.connector.sync;

import org.binlogload.canal.DdlEvent;

/**
 * Translates source DDL for a job and tracks the source table definitions it needs (the ddl-translator in
 * production). {@link #plan} does not change the tracked schema; {@link #adopt} does, once the plan was applied.
 */
public interface DdlPlanner {
  /** Starts tracking {@code schema.table} from its {@code SHOW CREATE TABLE} text. */
  void track(String schema, String table, String createSql);

  /** The neutral changes creating target table {@code targetDb.targetTable} for the tracked {@code schema.table}. */
  DdlPlan createTarget(String schema, String table, String targetDb, String targetTable);

  /** What {@code ddl} means for a job bound as {@code bindings}. */
  DdlPlan plan(DdlEvent ddl, Bindings bindings);

  /** Makes the tracked schema follow {@code ddl}, whose plan was applied (or skipped by the user). */
  void adopt(DdlEvent ddl, DdlPlan plan);

  /** The tracked schema, serialized with a format version. */
  byte[] snapshot();

  /** Replaces the tracked schema with a {@link #snapshot()}. */
  void restore(byte[] snapshot);
}
