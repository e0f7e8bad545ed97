package org.binlogload.canal;

/**
 * One change read from the binlog: a row change, a DDL statement, the end of a transaction, a DML statement, or the
 * rows of a table the reader cannot decode safely.
 */
public sealed interface ChangeEvent permits RowChange, DdlEvent, TransactionEnd, StatementEvent, UndecodableRows {
  /** Where the change is in the binlog. */
  BinlogPosition position();
}
