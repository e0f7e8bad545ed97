package org.binlogload.canal.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.binlogload.canal.internal.schema.HistoryRecord.TableName;

/**
 * Which tables a DDL statement changes, read from its text alone; used for statements druid cannot parse. Errs on
 * the side of {@link Kind#UNKNOWN}: a statement that may change a table but whose tables cannot be named.
 */
public final class DdlText {
  /** What the statement is, as far as the table definitions go. */
  public enum Kind {
    /** Changes the definitions of {@link Result#tables()}. */
    TABLES,
    /** Changes no table definition (views, routines, users, TRUNCATE, OPTIMIZE...). */
    NONE,
    /** May change a table definition, but which one cannot be told from the text. */
    UNKNOWN
  }

  /** The kind and the tables, each qualified with the statement's default schema where it names none. */
  public record Result(Kind kind, List<TableName> tables) {}

  private static final String IDENT = "(?:`(?:[^`]|``)+`|[A-Za-z0-9_$\\x{80}-\\x{FFFF}]+)";
  private static final String QNAME = "(" + IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?)";
  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;

  private static final Pattern ALTER_TABLE = Pattern.compile(
      "^ALTER\\s+(?:ONLINE\\s+)?(?:IGNORE\\s+)?TABLE\\s+(?:IF\\s+EXISTS\\s+)?" + QNAME + "(.*)$", FLAGS);
  private static final Pattern ALTER_RENAME = Pattern.compile(
      "\\bRENAME\\s+(?!COLUMN\\b|INDEX\\b|KEY\\b|CONSTRAINT\\b)(?:TO\\s+|AS\\s+)?" + QNAME, FLAGS);
  private static final Pattern CREATE_TABLE = Pattern.compile(
      "^CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + QNAME, FLAGS);
  private static final Pattern DROP_TABLE = Pattern.compile(
      "^DROP\\s+(?:TEMPORARY\\s+)?TABLES?\\s+(?:IF\\s+EXISTS\\s+)?((?:/\\*.*?\\*/\\s*)?" + QNAME
          + "(?:\\s*,\\s*" + QNAME + ")*)", FLAGS);
  private static final Pattern RENAME_TABLE = Pattern.compile("^RENAME\\s+TABLES?\\s+(?:IF\\s+EXISTS\\s+)?(.*)$",
      FLAGS);
  private static final Pattern RENAME_PAIR = Pattern.compile(
      "\\s*" + QNAME + "\\s+(?:WAIT\\s+\\d+\\s+|NOWAIT\\s+)?TO\\s+" + QNAME + "\\s*(,|$)", FLAGS);
  private static final Pattern CREATE_INDEX = Pattern.compile(
      "^CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:ONLINE\\s+|OFFLINE\\s+)?(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?INDEX\\s+"
          + "(?:IF\\s+NOT\\s+EXISTS\\s+)?" + IDENT + "\\s+(?:USING\\s+\\w+\\s+)?ON\\s+" + QNAME, FLAGS);
  private static final Pattern DROP_INDEX = Pattern.compile(
      "^DROP\\s+(?:ONLINE\\s+|OFFLINE\\s+)?INDEX\\s+(?:IF\\s+EXISTS\\s+)?" + IDENT + "\\s+ON\\s+" + QNAME, FLAGS);
  private static final Pattern NO_TABLE_CHANGE = Pattern.compile(
      "^(?:(?:CREATE|ALTER|DROP)\\s+(?:OR\\s+REPLACE\\s+)?(?:DEFINER\\s*=\\s*\\S+\\s+)?(?:ALGORITHM\\s*=\\s*\\w+\\s+)?"
          + "(?:DEFINER\\s*=\\s*\\S+\\s+)?(?:SQL\\s+SECURITY\\s+\\w+\\s+)?(?:AGGREGATE\\s+)?(?:TEMPORARY\\s+)?"
          + "(?:VIEW|PROCEDURE|FUNCTION|TRIGGER|EVENT|USER|ROLE|DATABASE|SCHEMA|SERVER|SEQUENCE|TABLESPACE|LOGFILE"
          + "|PACKAGE|SYNONYM)\\b"
          + "|TRUNCATE\\b|ANALYZE\\b|OPTIMIZE\\b|REPAIR\\b|CHECK\\b|GRANT\\b|REVOKE\\b|FLUSH\\b|SET\\b|SAVEPOINT\\b"
          + "|RELEASE\\b|ROLLBACK\\b|COMMIT\\b|BEGIN\\b|START\\b|XA\\b|LOCK\\b|UNLOCK\\b|DO\\b|CALL\\b|INSTALL\\b"
          + "|UNINSTALL\\b|RESET\\b|PURGE\\b|KILL\\b|SHOW\\b|SELECT\\b|INSERT\\b|UPDATE\\b|DELETE\\b|REPLACE\\b"
          + "|LOAD\\b|HANDLER\\b|USE\\b)", FLAGS);
  private static final Pattern DDL_VERB = Pattern.compile("^(?:CREATE|ALTER|DROP|RENAME)\\b", FLAGS);

  private DdlText() {}

  /** What {@code sql}, run in {@code defaultSchema} (may be null), does to table definitions. */
  public static Result analyze(String sql, String defaultSchema) {
    String s = stripLeadingComments(sql);
    List<TableName> tables = new ArrayList<>();
    Matcher m;
    if ((m = ALTER_TABLE.matcher(s)).find()) {
      if (!add(tables, m.group(1), defaultSchema)) {
        return unknown();
      }
      Matcher r = ALTER_RENAME.matcher(m.group(2));
      while (r.find()) {
        if (!add(tables, r.group(1), defaultSchema)) {
          return unknown();
        }
      }
      return new Result(Kind.TABLES, tables);
    }
    if ((m = CREATE_TABLE.matcher(s)).find() || (m = CREATE_INDEX.matcher(s)).find()
        || (m = DROP_INDEX.matcher(s)).find()) {
      return add(tables, m.group(1), defaultSchema) ? new Result(Kind.TABLES, tables) : unknown();
    }
    if ((m = DROP_TABLE.matcher(s)).find()) {
      String list = m.group(1).replaceAll("(?s)/\\*.*?\\*/", " ");
      for (String name : splitNames(list)) {
        if (!add(tables, name, defaultSchema)) {
          return unknown();
        }
      }
      return tables.isEmpty() ? unknown() : new Result(Kind.TABLES, tables);
    }
    if ((m = RENAME_TABLE.matcher(s)).find()) {
      String rest = m.group(1).trim();
      Matcher p = RENAME_PAIR.matcher(rest);
      int at = 0;
      while (at < rest.length() && p.find(at) && p.start() == at) {
        if (!add(tables, p.group(1), defaultSchema) || !add(tables, p.group(2), defaultSchema)) {
          return unknown();
        }
        at = p.end();
      }
      return at >= rest.length() && !tables.isEmpty() ? new Result(Kind.TABLES, tables) : unknown();
    }
    if (NO_TABLE_CHANGE.matcher(s).find()) {
      return new Result(Kind.NONE, List.of());
    }
    return DDL_VERB.matcher(s).find() ? unknown() : new Result(Kind.NONE, List.of());
  }

  private static Result unknown() {
    return new Result(Kind.UNKNOWN, List.of());
  }

  private static List<String> splitNames(String list) {
    List<String> names = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '`') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        names.add(cur.toString().trim());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank()) {
      names.add(cur.toString().trim());
    }
    return names;
  }

  private static boolean add(List<TableName> tables, String qualified, String defaultSchema) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    String q = qualified.trim();
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == '`') {
        if (quoted && i + 1 < q.length() && q.charAt(i + 1) == '`') {
          cur.append('`');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == '.' && !quoted) {
        parts.add(cur.toString().trim());
        cur.setLength(0);
      } else if (quoted || !Character.isWhitespace(c)) {
        cur.append(c);
      }
    }
    parts.add(cur.toString().trim());
    if (parts.size() == 2 && !parts.get(0).isEmpty() && !parts.get(1).isEmpty()) {
      tables.add(new TableName(parts.get(0), parts.get(1)));
      return true;
    }
    if (parts.size() == 1 && !parts.get(0).isEmpty() && defaultSchema != null && !defaultSchema.isEmpty()) {
      tables.add(new TableName(defaultSchema, parts.get(0)));
      return true;
    }
    return false;
  }

  /** {@code sql} without leading whitespace and comments ({@code /* *}{@code /}, {@code --}, {@code #}). */
  static String stripLeadingComments(String sql) {
    String s = sql.strip();
    while (true) {
      if (s.startsWith("/*") && !s.startsWith("/*!")) {
        int end = s.indexOf("*/", 2);
        if (end < 0) {
          return s;
        }
        s = s.substring(end + 2).strip();
      } else if (s.startsWith("--") || s.startsWith("#")) {
        int end = s.indexOf('\n');
        if (end < 0) {
          return "";
        }
        s = s.substring(end + 1).strip();
      } else {
        return s;
      }
    }
  }
}
