package org.binlogload.canal.internal.schema;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.internal.schema.HistoryRecord.TableName;
import org.binlogload.canal.internal.schema.LiveServer.QueryEvent;

/**
 * The proof rule's reading of the binlog: which query events may change a table, and the first such event after a
 * position (see docs/schema-history.md, "The proof rule").
 */
final class ProofRule {
  private static final Pattern SKIPPED_QUERY = Pattern.compile(
      "^\\s*(?:BEGIN|COMMIT|ROLLBACK|XA\\s|SAVEPOINT|RELEASE\\s+SAVEPOINT)\\b", Pattern.CASE_INSENSITIVE);
  /** The default database MariaDB and MySQL print before a query event's statement. */
  private static final Pattern USE_PREFIX = Pattern.compile("use `((?:[^`]|``)*)`;\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATABASE_WORD = Pattern.compile("\\b(?:DATABASE|SCHEMA)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern PLAIN_IDENT = Pattern.compile("[A-Za-z0-9_$]+");

  private ProofRule() {}

  /** For each of {@code tables}, the first query event after {@code at} that may change it. */
  static Map<TableName, QueryEvent> laterChanges(LiveServer server, BinlogPosition at, boolean inclusive,
      List<TableName> tables) throws IOException {
    Map<TableName, QueryEvent> found = new LinkedHashMap<>();
    if (tables.isEmpty()) {
      return found;
    }
    server.scanQueries(at, ev -> {
      if (!inclusive && ev.position().file().equals(at.file()) && ev.position().offset() == at.offset()) {
        return true;
      }
      String info = ev.info();
      if (SKIPPED_QUERY.matcher(info).find()) {
        return true;
      }
      for (TableName t : tables) {
        if (!found.containsKey(t) && mayChange(info, t)) {
          found.put(t, ev);
        }
      }
      return found.size() < tables.size();
    });
    return found;
  }

  /**
   * The first query event from {@code at} and before {@code until} (null: the binlog end) that may change {@code t},
   * or null.
   */
  static QueryEvent firstChange(LiveServer server, TableName t, BinlogPosition at, BinlogPosition until)
      throws IOException {
    QueryEvent[] found = new QueryEvent[1];
    server.scanQueries(at, ev -> {
      if (until != null && ev.position().compareTo(until) >= 0) {
        return false;
      }
      if (!SKIPPED_QUERY.matcher(ev.info()).find() && mayChange(ev.info(), t)) {
        found[0] = ev;
        return false;
      }
      return true;
    });
    return found[0];
  }

  /**
   * Whether the query event {@code info} ({@code SHOW BINLOG EVENTS}: "use `db`; statement") may change {@code t}: it
   * names t's schema in a DATABASE/SCHEMA statement, or names t's table either qualified by t's schema or unqualified
   * while t's schema is the statement's default database (or that is unknown). A same-named table of another schema
   * is no conflict. Unusual names keep the coarser rule: any mention of the table is a conflict.
   */
  static boolean mayChange(String info, TableName t) {
    String defaultDb = null;
    String stmt = info;
    Matcher use = USE_PREFIX.matcher(info);
    if (use.lookingAt()) {
      defaultDb = use.group(1).replace("``", "`");
      stmt = info.substring(use.end());
    }
    if (DATABASE_WORD.matcher(stmt).find() && mentions(stmt, t.schema())) {
      return true;
    }
    if (!PLAIN_IDENT.matcher(t.table()).matches()) {
      return mentions(stmt, t.table());
    }
    Matcher m = Pattern.compile("(?<![A-Za-z0-9_$])" + Pattern.quote(t.table()) + "(?![A-Za-z0-9_$])",
        Pattern.CASE_INSENSITIVE).matcher(stmt);
    while (m.find()) {
      String qualifier = qualifierBefore(stmt, m.start());
      if (qualifier == null
          ? defaultDb == null || defaultDb.equalsIgnoreCase(t.schema())
          : qualifier.equalsIgnoreCase(t.schema())) {
        return true;
      }
    }
    return false;
  }

  /** The schema qualifying the identifier that starts at {@code start} ({@code s.t}, {@code `s`.`t`}), or null. */
  static String qualifierBefore(String stmt, int start) {
    int i = start;
    if (i > 0 && stmt.charAt(i - 1) == '`') {
      i--;
    }
    while (i > 0 && Character.isWhitespace(stmt.charAt(i - 1))) {
      i--;
    }
    if (i == 0 || stmt.charAt(i - 1) != '.') {
      return null;
    }
    i--;
    while (i > 0 && Character.isWhitespace(stmt.charAt(i - 1))) {
      i--;
    }
    if (i > 0 && stmt.charAt(i - 1) == '`') {
      int end = i - 1;
      int j = end;
      while (j > 0) {
        j--;
        if (stmt.charAt(j) == '`') {
          if (j > 0 && stmt.charAt(j - 1) == '`') {
            j--; // a doubled backtick inside the name
            continue;
          }
          return stmt.substring(j + 1, end).replace("``", "`");
        }
      }
      return null;
    }
    int end = i;
    while (i > 0 && (Character.isLetterOrDigit(stmt.charAt(i - 1)) || stmt.charAt(i - 1) == '_'
        || stmt.charAt(i - 1) == '$')) {
      i--;
    }
    return i == end ? null : stmt.substring(i, end);
  }

  /** Whether {@code text} names {@code identifier} as a whole word (any case); a substring for unusual names. */
  static boolean mentions(String text, String identifier) {
    if (!PLAIN_IDENT.matcher(identifier).matches()) {
      return text.toLowerCase(Locale.ROOT).contains(identifier.toLowerCase(Locale.ROOT));
    }
    return Pattern.compile("(?<![A-Za-z0-9_$])" + Pattern.quote(identifier) + "(?![A-Za-z0-9_$])",
        Pattern.CASE_INSENSITIVE).matcher(text).find();
  }

  /** {@code statement} on one line, cut at 300 characters, to name it in a message. */
  static String abbreviate(String statement) {
    String one = statement.replaceAll("\\s+", " ").trim();
    return one.length() <= 300 ? one : one.substring(0, 300) + "...";
  }
}
