package org.binlogload.connector.sync;

import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.StatementEvent;

/** The sentences a job shows for its failures: what happened and, where one is known, the fix. */
final class FailureText {
  private FailureText() {}

  /** The failure and its causes' messages, each once. */
  static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage() == null ? e.toString() : e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
      if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
        b.append("; caused by: ").append(c.getMessage());
      }
    }
    return b.toString();
  }

  /**
   * A fault a person must fix: what Doris (or the source) answered and, when Doris refused something that has a
   * known fix ({@link Sink#remedy}), that fix at the end.
   */
  static String pause(Sink sink, Throwable e, String job, BinlogPosition committed) {
    String what = sentence(describe(e));
    return sink.remedy(e, job, committed).map(f -> what + ". To fix: " + f.forPause(job)).orElse(what);
  }

  /** A transient fault the job retries: what happened and, where Doris's refusal has one, what it means and fixes. */
  static String retry(Sink sink, Throwable e, String job, BinlogPosition committed) {
    String what = describe(e);
    return sink.remedy(e, job, committed).filter(Sink.Fix::retried).map(f -> sentence(what) + ". " + f.text())
        .orElse(what);
  }

  /** A statement-logged DML on a tracked table: the fix at the source, and how to go on past it. */
  static String statementDml(String job, StatementDmlException e) {
    StatementEvent st = e.statement();
    String table = st.schema() != null && st.table() != null ? st.schema() + "." + st.table() : "the table";
    return "job " + job + ": " + e.getMessage() + ". Fix the source: SET GLOBAL binlog_format=ROW (and "
        + "binlog_format=ROW in my.cnf; sessions that set it themselves too). The rows this statement changed are not "
        + "in Doris: copy " + table + " into Doris again (e.g. re-create the job for it), then RESUME SYNC JOB " + job
        + " SKIP DDL AT \"" + st.position() + "\" to go on past it";
  }

  /** A reader failure that repeats at the same place: retrying will not heal it. */
  static String stuck(String job, int repeats, BinlogPosition committed, String why) {
    return "job " + job + ": the binlog reader failed " + repeats + " times in a row after " + committed + " with "
        + "the same error and nothing delivered in between, so retrying will not heal it: " + why + ". RESUME SYNC JOB "
        + job + " tries again once the cause is fixed; if the event there cannot be read at all, re-create the job "
        + "with a start position after it and copy the affected tables";
  }

  /** {@code s} without a trailing period, colon or semicolon, so that a sentence can follow. */
  private static String sentence(String s) {
    String t = s.strip();
    while (!t.isEmpty() && ".;:".indexOf(t.charAt(t.length() - 1)) >= 0) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t;
  }
}
