package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The table clauses of ALTER SYNC JOB: {@code ADD (FROM src.t INTO t [, ...])} adds channels (their tables are copied
 * while the job runs, then join the stream), {@code DROP (FROM src.t [, ...])} removes channels (the Doris tables are
 * kept), {@code RESNAPSHOT (src.t [, ...])} copies bound tables again while the job runs.
 */
final class AlterClauses {
  static final String ADD_HINT = "write ALTER SYNC JOB [db.]job_name ADD (FROM mysql_db.src_tbl INTO doris_tbl, ...)";
  static final String DROP_HINT = "write ALTER SYNC JOB [db.]job_name DROP (FROM mysql_db.src_tbl, ...)";
  static final String RESNAPSHOT_HINT = "write ALTER SYNC JOB [db.]job_name RESNAPSHOT (mysql_db.src_tbl, ...)";

  private AlterClauses() {}

  /** Whether {@code t} starts a table clause. */
  static boolean starts(StatementToken t) {
    return t.isWord("ADD") || t.isWord("DROP") || t.isWord("RESNAPSHOT");
  }

  /** The clause after {@code ALTER SYNC JOB db.name}. */
  static Statement parse(StatementParser p, String[] name) {
    StatementToken verb = p.next();
    Statement.TableAction action = Statement.TableAction.valueOf(verb.text.toUpperCase(Locale.ROOT));
    String hint = switch (action) {
      case ADD -> ADD_HINT;
      case DROP -> DROP_HINT;
      case RESNAPSHOT -> RESNAPSHOT_HINT;
    };
    p.expectSymbol('(', hint);
    List<ChannelSpec> channels = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    do {
      StatementToken at = p.peek();
      String table;
      if (action == Statement.TableAction.ADD) {
        ChannelSpec c = new ChannelClauses(p).channel(name[0]);
        if (c.isWholeDatabase()) {
          throw p.error(at, "ADD takes tables, not a whole database (" + c + "); list its tables one by one: "
              + ADD_HINT);
        }
        if (!c.columns().isEmpty()) {
          throw p.error(at, "ADD copies whole rows; channel " + c + " has a column list, which an online copy "
              + "does not copy yet; add the table without one");
        }
        channels.add(c);
        table = c.sourceSchema() + "." + c.sourceTable();
      } else {
        if (action == Statement.TableAction.DROP) {
          p.expectWord("FROM", hint);
        }
        StatementToken db = p.identifier("a MySQL database", hint);
        p.expectSymbol('.', "name the table as mysql_db.src_tbl; " + hint);
        StatementToken t = p.identifier("a MySQL table", hint);
        table = db.text + "." + t.text;
        tables.add(table);
      }
      if (!seen.add(table)) {
        throw p.error(at, table + " is named twice; " + hint);
      }
    } while (p.acceptSymbol(','));
    p.expectSymbol(')', "close the list with ')'; " + hint);
    return new Statement.AlterSyncJobTables(name[0], name[1], action, channels, tables);
  }
}
