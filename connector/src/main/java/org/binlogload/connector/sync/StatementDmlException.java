package org.binlogload.connector.sync;

import org.binlogload.canal.StatementEvent;

/** A tracked table's rows were changed by a statement logged as SQL text, whose rows the job cannot know. */
final class StatementDmlException extends RuntimeException {
  private final StatementEvent statement;

  StatementDmlException(StatementEvent statement, String table) {
    super("rows of " + table + " at " + statement.position() + " were logged as a statement, not as row images "
        + "(binlog_format STATEMENT or MIXED on the source, globally or in that session), so which rows changed "
        + "cannot be known: [" + abbreviate(statement.sql()) + "]");
    this.statement = statement;
  }

  /** The statement. */
  StatementEvent statement() {
    return statement;
  }

  private static String abbreviate(String sql) {
    String s = sql.strip().replaceAll("\\s+", " ");
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
