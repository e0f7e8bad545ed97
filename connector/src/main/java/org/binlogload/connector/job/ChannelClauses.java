package org.binlogload.connector.job;

import static org.binlogload.connector.job.SyncStatements.DORIS_NAME;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The channel clauses of CREATE SYNC JOB: {@code FROM mysql_db.tbl INTO [doris_db.]tbl [(col, ...)]}, or a whole
 * database {@code FROM mysql_db.* INTO doris_db [INCLUDE (...)] [EXCLUDE (...)]} whose schema may be a pattern
 * ({@code FROM shop_*.* INTO dw_${db}}), and the checks across the channels of one job.
 */
final class ChannelClauses {
  static final String HINT = "write FROM mysql_db.src_tbl INTO doris_tbl [(col, ...)] or FROM mysql_db.* INTO "
      + "doris_db [INCLUDE (tbl, tmp_*, REGEXP \"...\")] [EXCLUDE (...)]";

  private final StatementParser p;

  ChannelClauses(StatementParser parser) {
    this.p = parser;
  }

  ChannelSpec channel(String jobDatabase) {
    p.expectWord("FROM", HINT);
    StatementToken schemaAt = p.peek();
    String schema = glob("a MySQL database", HINT);
    p.expectSymbol('.', "name the source as mysql_db.src_tbl (or mysql_db.* for the whole database)");
    StatementToken table = p.next();
    boolean whole = table.isSymbol('*');
    if (!whole && !table.isIdentifier()) {
      throw p.error(table, "expected a MySQL table or *, found " + table.describe() + "; " + HINT);
    }
    if (!whole && ChannelSpec.isPattern(schema)) {
      throw p.error(schemaAt, "a schema pattern (" + schema + ") takes whole databases; write FROM " + schema
          + ".* INTO doris_db_" + ChannelSpec.DB_PLACEHOLDER);
    }
    p.expectWord("INTO", HINT);
    StatementToken a = p.identifier(whole ? "a Doris database" : "a Doris table", HINT);
    StatementToken b = null;
    if (p.acceptSymbol('.')) {
      b = p.identifier("a Doris table after '" + a.text + ".'", HINT);
    }
    if (whole) {
      return wholeDatabase(schemaAt, schema, a, b);
    }
    StatementToken targetTable = b == null ? a : b;
    String targetDb = b == null ? jobDatabase : a.text;
    if (b != null) {
      p.checkName(a, DORIS_NAME, "Doris database");
    }
    p.checkName(targetTable, DORIS_NAME, "Doris table");
    List<String> columns = new ArrayList<>();
    if (p.acceptSymbol('(')) {
      Set<String> seen = new HashSet<>();
      do {
        StatementToken col = p.identifier("a column name", "list columns as (col1, col2, ...)");
        if (!seen.add(col.text.toLowerCase(Locale.ROOT))) {
          throw p.error(col, "column " + col.describe() + " is listed twice for " + targetTable.text);
        }
        columns.add(col.text);
      } while (p.acceptSymbol(','));
      p.expectSymbol(')', "close the column list with ')'");
    }
    if (p.peek().isWord("INCLUDE") || p.peek().isWord("EXCLUDE")) {
      throw p.error(p.peek(), p.peek().text.toUpperCase(Locale.ROOT) + " applies to a whole database; write FROM "
          + schema + ".* INTO doris_db " + p.peek().text.toUpperCase(Locale.ROOT) + " (...)");
    }
    return ChannelSpec.table(schema, table.text, targetDb, targetTable.text, columns);
  }

  private ChannelSpec wholeDatabase(StatementToken schemaAt, String schema, StatementToken a, StatementToken b) {
    if (b != null) {
      throw p.error(b, "FROM " + schema + ".* takes a Doris database, not a table; write FROM " + schema + ".* INTO "
          + a.text);
    }
    boolean pattern = ChannelSpec.isPattern(schema);
    if (pattern != a.text.contains(ChannelSpec.DB_PLACEHOLDER)) {
      throw p.error(pattern ? a : schemaAt, pattern ? "schema pattern " + schema + ".* maps every matching "
          + "database into its own Doris database; name it with " + ChannelSpec.DB_PLACEHOLDER + ", e.g. INTO "
          + "dw_" + ChannelSpec.DB_PLACEHOLDER : ChannelSpec.DB_PLACEHOLDER + " names the source database of a "
          + "schema pattern; write FROM " + schema + "_*.* INTO " + a.text + " or a plain Doris database name");
    }
    StatementToken named = new StatementToken(a.kind, a.text.replace(ChannelSpec.DB_PLACEHOLDER, "db"), a.line,
        a.column);
    p.checkName(named, DORIS_NAME, "Doris database");
    if (p.peek().isSymbol('(')) {
      throw p.error(p.peek(), "a column list does not apply to a whole database; map tables one by one to "
          + "choose columns");
    }
    List<NamePattern> include = List.of();
    List<NamePattern> exclude = List.of();
    if (p.peek().isWord("INCLUDE")) {
      p.next();
      include = patterns("INCLUDE");
    }
    if (p.peek().isWord("EXCLUDE")) {
      p.next();
      exclude = patterns("EXCLUDE");
    }
    if (p.peek().isWord("INCLUDE")) {
      throw p.error(p.peek(), "INCLUDE comes before EXCLUDE; write INCLUDE (...) EXCLUDE (...)");
    }
    return ChannelSpec.wholeDatabase(schema, a.text, TableFilter.of(include, exclude));
  }

  /** {@code (name | glob | REGEXP "re", ...)}. */
  private List<NamePattern> patterns(String clause) {
    String hint = "write " + clause + " (tbl, tmp_*, REGEXP \"log_[0-9]+\")";
    p.expectSymbol('(', hint);
    List<NamePattern> out = new ArrayList<>();
    do {
      StatementToken at = p.peek();
      NamePattern np;
      if (at.isWord("REGEXP")) {
        p.next();
        StatementToken re = p.next();
        if (re.kind != StatementToken.Kind.STRING) {
          throw p.error(re, "expected a quoted regular expression after REGEXP, found " + re.describe() + "; "
              + hint);
        }
        try {
          np = NamePattern.regexp(re.text);
        } catch (IllegalArgumentException e) {
          throw p.error(re, e.getMessage());
        }
      } else {
        np = NamePattern.glob(glob("a table name or pattern", hint));
      }
      if (out.contains(np)) {
        throw p.error(at, clause + " lists " + np + " twice; keep one");
      }
      out.add(np);
    } while (p.acceptSymbol(','));
    p.expectSymbol(')', "separate " + clause + " patterns with ',' and close the list with ')'");
    return out;
  }

  /** A name, or a glob written without spaces: identifiers, {@code *} and {@code ?} side by side. */
  private String glob(String what, String hint) {
    StringBuilder sb = new StringBuilder();
    StatementToken prev = null;
    while (true) {
      StatementToken t = p.peek();
      boolean part = t.isIdentifier() || t.isSymbol('*') || t.isSymbol('?');
      if (!part || prev != null && !adjacent(prev, t)) {
        break;
      }
      sb.append(p.next().text);
      prev = t;
    }
    if (sb.length() == 0) {
      StatementToken t = p.next();
      throw p.error(t, "expected " + what + ", found " + t.describe() + "; " + hint);
    }
    return sb.toString();
  }

  private static boolean adjacent(StatementToken a, StatementToken b) {
    return a.kind != StatementToken.Kind.QUOTED_ID && b.kind != StatementToken.Kind.QUOTED_ID && a.line == b.line
        && a.column + a.text.length() == b.column;
  }

  /** The initial snapshot copies whole rows: a channel with a column list needs a binlog start position. */
  void checkSnapshotCopies(SourceSpec source, List<ChannelSpec> channels, List<StatementToken> at) {
    for (int k = 0; source.snapshots() && k < channels.size(); k++) {
      if (!channels.get(k).columns().isEmpty()) {
        throw p.error(at.get(k), "channel " + channels.get(k) + " has a column list, which the initial snapshot does "
            + "not copy yet; give the job a binlog start position, e.g. \"mysql.start_position\" = \"latest\"");
      }
    }
  }

  /**
   * The first other channel that already covers channel {@code k}'s tables: a whole database for a table of it, a
   * schema pattern for a table or whole database it matches (two patterns that overlap are found at the first start).
   */
  private static Integer covering(List<ChannelSpec> channels, int k) {
    ChannelSpec c = channels.get(k);
    for (int w = 0; w < channels.size(); w++) {
      ChannelSpec cw = channels.get(w);
      boolean covers = cw.isSchemaPattern() ? !c.isSchemaPattern() && cw.coversSchema(c.sourceSchema())
          : !c.isWholeDatabase() && cw.isWholeDatabase() && cw.sourceSchema().equals(c.sourceSchema());
      if (w != k && covers) {
        return w;
      }
    }
    return null;
  }

  /** Each source table goes into one Doris table and each Doris table takes one source table. */
  void checkOneToOne(List<ChannelSpec> channels, List<StatementToken> at) {
    Map<String, Integer> sources = new HashMap<>();
    Map<String, Integer> targets = new HashMap<>();
    Map<String, Integer> wholeTargets = new HashMap<>();
    for (int k = 0; k < channels.size(); k++) {
      ChannelSpec c = channels.get(k);
      if (c.isWholeDatabase()) {
        wholeTargets.putIfAbsent(c.targetDatabase(), k);
      }
    }
    for (int k = 0; k < channels.size(); k++) {
      ChannelSpec c = channels.get(k);
      StatementToken t = at.get(k);
      Integer prev = sources.putIfAbsent(c.source(), k);
      if (prev != null) {
        throw p.error(t, "source " + c.source() + " is mapped twice (" + channels.get(prev) + " and " + c
            + "); a source table goes into exactly one Doris table");
      }
      prev = targets.putIfAbsent(c.target(), k);
      if (prev != null) {
        throw p.error(t, "target " + c.target() + " is mapped twice (" + channels.get(prev) + " and " + c
            + "); a Doris table takes exactly one source table");
      }
      Integer whole = covering(channels, k);
      if (whole != null) {
        throw p.error(t, "source " + c.source() + " is already covered by " + channels.get(whole)
            + "; drop one of the two mappings");
      }
      Integer wholeTarget = wholeTargets.get(c.targetDatabase());
      if (wholeTarget != null && wholeTarget != k) {
        throw p.error(t, "target database " + c.targetDatabase() + " already takes the whole database "
            + channels.get(wholeTarget) + "; map " + c.source() + " into another Doris database");
      }
    }
  }
}
