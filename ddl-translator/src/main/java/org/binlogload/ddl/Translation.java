package org.binlogload.ddl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of translating one statement: the neutral changes, the Doris statements in order, notes, and the
 * MySQL table definitions after the statement; or a {@link Refusal}.
 */
public final class Translation {

  /** What became of the statement. */
  public enum Outcome { TRANSLATED, NO_OP, REFUSED }

  private final String statement;
  private final List<SchemaChange> changes;
  private final List<DorisStatement> statements;
  private final List<String> notes;
  private final Map<TableId, Optional<TableDefinition>> tablesAfter;
  private final List<Backfill> backfills;
  private final Refusal refusal;

  private Translation(String statement, List<SchemaChange> changes, List<DorisStatement> statements,
                      List<String> notes, Map<TableId, Optional<TableDefinition>> tablesAfter,
                      List<Backfill> backfills, Refusal refusal) {
    this.statement = Objects.requireNonNull(statement, "statement == null");
    this.changes = List.copyOf(changes);
    this.statements = List.copyOf(statements);
    this.notes = List.copyOf(notes);
    this.tablesAfter = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tablesAfter));
    this.backfills = List.copyOf(backfills);
    this.refusal = refusal;
  }

  /** A translated (or no-op) statement. */
  public static Translation of(String statement, List<SchemaChange> changes, List<DorisStatement> statements,
                               List<String> notes, Map<TableId, Optional<TableDefinition>> tablesAfter) {
    return new Translation(statement, changes, statements, notes, tablesAfter, List.of(), null);
  }

  /** A translated statement after whose Doris statements existing rows need {@code backfills}. */
  public static Translation of(String statement, List<SchemaChange> changes, List<DorisStatement> statements,
                               List<String> notes, Map<TableId, Optional<TableDefinition>> tablesAfter,
                               List<Backfill> backfills) {
    return new Translation(statement, changes, statements, notes, tablesAfter, backfills, null);
  }

  /** A refused statement. */
  public static Translation refused(Refusal refusal) {
    return new Translation(refusal.statement(), List.of(), List.of(), List.of(), Map.of(), List.of(), refusal);
  }

  /** A refused statement whose MySQL effect on table definitions is known. */
  public static Translation refused(Refusal refusal, Map<TableId, Optional<TableDefinition>> tablesAfter) {
    return new Translation(refusal.statement(), List.of(), List.of(), List.of(), tablesAfter, List.of(), refusal);
  }

  /** TRANSLATED when there is at least one Doris statement, NO_OP when none, REFUSED on refusal. */
  public Outcome outcome() {
    if (refusal != null) {
      return Outcome.REFUSED;
    }
    return statements.isEmpty() ? Outcome.NO_OP : Outcome.TRANSLATED;
  }

  /** The MySQL statement as given. */
  public String statement() {
    return statement;
  }

  /** Neutral changes in order (empty when refused). */
  public List<SchemaChange> changes() {
    return changes;
  }

  /** Doris statements to run in order (empty when refused or a no-op). */
  public List<DorisStatement> statements() {
    return statements;
  }

  /** Why clauses were dropped or adjusted (no-ops, position fallbacks, dropped defaults). */
  public List<String> notes() {
    return notes;
  }

  /**
   * MySQL definitions after the statement of every table it touched; empty Optional for a table that no
   * longer exists. A refusal carries them too when MySQL's effect is known (the statement did run in MySQL; the
   * remedy brings Doris there); it is empty when the statement was not understood.
   */
  public Map<TableId, Optional<TableDefinition>> tablesAfter() {
    return tablesAfter;
  }

  /**
   * Tables whose existing Doris rows differ from MySQL's once the statements (if any) have run, and why; always
   * empty when REFUSED. The connector must reload those tables or pause and let the user choose: see
   * {@link Backfill}.
   */
  public List<Backfill> backfills() {
    return backfills;
  }

  /** Whether any existing Doris rows end different from MySQL's ({@link #backfills()} is not empty). */
  public boolean existingRowsDiffer() {
    return !backfills.isEmpty();
  }

  /** The refusal, if refused. */
  public Optional<Refusal> refusal() {
    return Optional.ofNullable(refusal);
  }

  @Override
  public String toString() {
    return outcome() + (refusal != null ? " " + refusal.message() : " " + statements + " notes=" + notes
        + (backfills.isEmpty() ? "" : " backfills=" + backfills));
  }
}
