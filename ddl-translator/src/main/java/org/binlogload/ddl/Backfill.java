package org.binlogload.ddl;

import java.util.List;
import java.util.Objects;

/**
 * Rows Doris already holds that a translated statement leaves different from MySQL's, in {@code columns} (MySQL
 * names) of MySQL table {@code table}, with the {@code reason} and a sentence for people ({@code detail}).
 *
 * <p>Contract with the connector. A {@link Translation} that is TRANSLATED or NO_OP may carry backfills (a refused
 * one never does): its statements are still to be run (the Doris schema must follow MySQL's), but once they have
 * run, every row the Doris table held before them differs from MySQL in those columns; rows loaded afterwards are
 * right, because the binlog carries full rows. A NO_OP carries one when MySQL recomputed a column whose Doris type
 * does not change (a generation expression set or changed). MySQL changed its existing rows inside the DDL, without row events, so nothing later
 * in the binlog repairs them. The connector must not go on silently: after the statements it either reloads the
 * table from MySQL (a re-snapshot of that table; afterwards the difference is gone) or pauses the job and lets the
 * user choose between that reload and accepting the difference. The translator cannot know whether the Doris table
 * has rows, so it reports the case even for an empty table; several backfills may name one table (one per change).
 */
public record Backfill(TableId table, List<String> columns, Reason reason, String detail) {

  /** Why Doris's existing rows end different from MySQL's. */
  public enum Reason {
    /**
     * A generated column was added, or a column's generation expression set or changed: MySQL computed it for every
     * existing row; Doris holds NULL (added) or the old values, since the expression is not carried.
     */
    GENERATED_COLUMN,
    /**
     * An added column has a default (its own, or MySQL's implicit one for NOT NULL) that Doris cannot carry, such as
     * an expression or a default on a STRING, JSON or binary column: MySQL's existing rows hold it, Doris's NULL.
     */
    DEFAULT_NOT_CARRIED,
    /**
     * An added column defaults to the current time or date: MySQL filled its existing rows with its own clock when
     * it ran the ALTER, Doris fills them with its clock when it runs the ALTER, later.
     */
    CLOCK_DEFAULT
  }

  /** Validates and copies. */
  public Backfill {
    Objects.requireNonNull(table, "table == null");
    columns = List.copyOf(columns);
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(detail, "detail == null");
  }
}
