package org.binlogload.canal;

/** Handles each kind of {@link ChangeEvent}. */
public interface ChangeEventVisitor<R> {
  R visit(RowChange row);

  R visit(DdlEvent ddl);

  R visit(TransactionEnd end);

  /** Visits a row change logged as a statement. */
  R visit(StatementEvent statement);
}
