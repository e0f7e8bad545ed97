package org.binlogload.ddl.internal;

import java.util.List;
import java.util.Set;

/** Recognises, from its first words, a statement that changes no replicated table, or one carrying rows. */
final class StatementScreen {

  private static final Set<String> NON_TABLE_OBJECTS = Set.of("VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT",
      "USER", "ROLE", "SERVER", "SEQUENCE", "LOGFILE", "TABLESPACE", "RESOURCE", "PACKAGE", "SYNONYM");

  private static final Set<String> MAINTENANCE = Set.of("GRANT", "REVOKE", "FLUSH", "ANALYZE", "OPTIMIZE", "REPAIR",
      "CHECK", "CHECKSUM", "SET", "USE", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA", "LOCK", "UNLOCK",
      "INSTALL", "UNINSTALL", "RESET", "PURGE", "CALL", "DO", "KILL", "SHOW", "SELECT", "EXPLAIN", "DESCRIBE",
      "DESC", "HANDLER", "PREPARE", "EXECUTE", "DEALLOCATE", "START", "STOP", "CHANGE", "SIGNAL", "CACHE", "HELP");

  private static final Set<String> DATA_CHANGES = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "LOAD");

  private StatementScreen() {
  }

  /**
   * Why the statement of tokens {@code t} is a no-op, or null when it must be parsed; refuses a data change, whose
   * rows are not in the binlog.
   */
  static String noOpReason(List<SqlLexer.Token> t) {
    String first = t.get(0).upper();
    String second = t.size() > 1 ? t.get(1).upper() : "";
    if (first.equals("CREATE") && (second.equals("TEMPORARY") || second.equals("GLOBAL"))
        || first.equals("DROP") && second.equals("TEMPORARY")) {
      return "temporary tables are not replicated";
    }
    if (first.equals("CREATE") || first.equals("DROP") || first.equals("ALTER")) {
      for (int i = 1; i < Math.min(t.size(), 16); i++) {
        SqlLexer.Token w = t.get(i);
        if (w.is("TABLE") || w.is("INDEX") || w.is("DATABASE") || w.is("SCHEMA") || w.kind() != SqlLexer.Kind.WORD
            && !w.isSymbol("=") && !w.isSymbol("@") && w.kind() != SqlLexer.Kind.QUOTED_IDENT
            && w.kind() != SqlLexer.Kind.STRING) {
          break;
        }
        if (NON_TABLE_OBJECTS.contains(w.upper())) {
          return first + " " + w.upper() + " does not change replicated tables";
        }
      }
    }
    if (MAINTENANCE.contains(first)) {
      return first + " statement does not change replicated tables";
    }
    if (DATA_CHANGES.contains(first)) {
      throw new Refuse("data change in a statement event (" + first + "): its rows are not in the binlog",
          "set binlog_format=ROW on the source, then reload the table");
    }
    return null;
  }
}
