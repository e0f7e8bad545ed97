package org.binlogload.canal;

/** One change read from the binlog: a row change, a DDL statement, the end of a transaction, or a DML statement. */
public sealed interface ChangeEvent permits RowChange, DdlEvent, TransactionEnd, StatementEvent {
  /** Where the change is in the binlog. */
  BinlogPosition position();
}
