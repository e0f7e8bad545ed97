package org.binlogload.ddl.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.binlogload.ddl.internal.SqlLexer.Kind;
import org.binlogload.ddl.internal.SqlLexer.Token;

/**
 * Rewrites MariaDB and MySQL 8 syntax druid cannot parse, on tokens (never inside literals), and records what it
 * removed so the translator can honour it: IF [NOT] EXISTS on clauses, CREATE OR REPLACE, INVISIBLE, COMPRESSED,
 * SRID, ASCII/UNICODE, LONG VARCHAR, clauses that change nothing (ALTER INDEX ... VISIBLE), and system versioning.
 */
public final class Normalizer {

  /** The rewritten statement and what was removed. */
  public record Result(String sql, List<Token> tokens, boolean orReplace, boolean alterIfExists,
                       Set<String> lenientColumns, List<String> notes, boolean emptyAlter) {
  }

  private static final Set<String> CLAUSE_WORDS = Set.of("ADD", "DROP", "MODIFY", "CHANGE", "COLUMN", "INDEX", "KEY",
      "PARTITION", "CONSTRAINT", "CHECK", "FOREIGN");
  private static final Set<String> NAME_POSITION = Set.of("ADD", "COLUMN", "CHANGE", "MODIFY", "DROP", "(", ",",
      "AFTER", "TO", "RENAME", ".", "AS", "ALTER", "INDEX", "KEY", "TABLE", "FIRST", "SET", "ON", "BY", "=", "CHARSET",
      "CHARACTER", "COLLATE");
  private static final Set<String> ATTRIBUTE_FOLLOWERS = Set.of(",", ")", ";", "NOT", "NULL", "DEFAULT", "COMMENT",
      "AFTER", "FIRST", "PRIMARY", "UNIQUE", "KEY", "AUTO_INCREMENT", "COLLATE", "CHARACTER", "CHARSET", "ON",
      "INVISIBLE", "VISIBLE", "COMPRESSED", "SRID", "CHECK", "REFERENCES", "GENERATED", "AS", "STORED", "VIRTUAL",
      "PERSISTENT", "UNSIGNED", "ZEROFILL", "BINARY", "ASCII", "UNICODE", "COLUMN_FORMAT", "STORAGE");

  private Normalizer() {
  }

  /** Normalises {@code tokens}; throws {@link Refuse} for syntax that cannot be supported. */
  public static Result normalize(List<Token> input) {
    List<Token> t = new ArrayList<>(input);
    while (!t.isEmpty() && t.get(t.size() - 1).isSymbol(";")) {
      t.remove(t.size() - 1);
    }
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).isSymbol(";")) {
        throw new Refuse("several statements in one event", "translate them one at a time");
      }
    }
    List<String> notes = new ArrayList<>();
    OptionRewriter.rewrite(t, notes);
    Set<String> lenient = new LinkedHashSet<>();
    boolean orReplace = false;
    boolean alterIfExists = false;
    for (int i = 0; i + 2 < t.size(); i++) {
      if ((t.get(i).is("WITH") || t.get(i).is("ADD") || t.get(i).is("DROP") || t.get(i).is("WITHOUT"))
          && t.get(i + 1).is("SYSTEM") && t.get(i + 2).is("VERSIONING")
          || t.get(i).is("PERIOD") && t.get(i + 1).is("FOR")
          || t.get(i).is("FOR") && t.get(i + 1).is("SYSTEM_TIME")) {
        throw new Refuse("MariaDB system-versioned tables (WITH SYSTEM VERSIONING) are not supported: their rows "
            + "carry history Doris cannot keep", "leave the table out of the job, or drop system versioning in MariaDB");
      }
    }
    List<Token> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      Token tok = t.get(i);
      Token prev = out.isEmpty() ? null : out.get(out.size() - 1);
      Token next = i + 1 < t.size() ? t.get(i + 1) : null;
      if (tok.is("OR") && prev != null && prev.is("CREATE") && next != null && next.is("REPLACE")) {
        orReplace = true;
        i++;
        continue;
      }
      if (tok.is("IF") && next != null && (next.is("EXISTS") || next.is("NOT") && i + 2 < t.size()
          && t.get(i + 2).is("EXISTS")) && prev != null) {
        int skip = next.is("EXISTS") ? 1 : 2;
        String p = prev.upper();
        boolean alterTable = prev.is("TABLE") && out.size() >= 2 && (out.get(out.size() - 2).is("ALTER")
            || out.get(out.size() - 2).is("RENAME"));
        if (alterTable) {
          alterIfExists = true;
          i += skip;
          continue;
        }
        if (prev.kind() == Kind.WORD && CLAUSE_WORDS.contains(p)) {
          i += skip;
          Token name = i + 1 < t.size() ? t.get(i + 1) : null;
          boolean columnClause = p.equals("COLUMN") || (Set.of("ADD", "DROP", "MODIFY", "CHANGE").contains(p)
              && name != null && !(name.kind() == Kind.WORD && Set.of("INDEX", "KEY", "UNIQUE", "PRIMARY",
              "FOREIGN", "CONSTRAINT", "PARTITION", "CHECK", "FULLTEXT", "SPATIAL").contains(name.upper())));
          if (columnClause && name != null && (name.kind() == Kind.WORD || name.kind() == Kind.QUOTED_IDENT)) {
            lenient.add(name.identifier().toLowerCase(Locale.ROOT));
          }
          continue;
        }
      }
      boolean attributePosition = prev != null && !(NAME_POSITION.contains(prev.upper()))
          && (next == null || ATTRIBUTE_FOLLOWERS.contains(next.upper()));
      boolean indexName = out.size() >= 2 && (out.get(out.size() - 2).is("INDEX") || out.get(out.size() - 2).is("KEY"));
      if ((tok.is("INVISIBLE") || tok.is("VISIBLE")) && attributePosition && !(prev.is("INDEX") || prev.is("SET"))
          && !indexName) {
        if (tok.is("INVISIBLE")) {
          notes.add("INVISIBLE column attribute ignored: invisible columns are in every binlog row");
        }
        continue;
      }
      if (tok.is("COMPRESSED") && attributePosition) {
        if (next != null && next.isSymbol("=") && i + 2 < t.size()) {
          i += 2;
        }
        continue;
      }
      if (tok.is("COMPRESSED") && prev != null && !NAME_POSITION.contains(prev.upper()) && next != null
          && next.isSymbol("=")) {
        i += 2;
        continue;
      }
      if (tok.is("SRID") && prev != null && !NAME_POSITION.contains(prev.upper()) && next != null
          && next.kind() == Kind.NUMBER) {
        i++;
        continue;
      }
      if ((tok.is("ASCII") || tok.is("UNICODE")) && attributePosition) {
        out.add(new Token(Kind.WORD, "CHARACTER"));
        out.add(new Token(Kind.WORD, "SET"));
        out.add(new Token(Kind.WORD, tok.is("ASCII") ? "latin1" : "ucs2"));
        continue;
      }
      if (tok.is("DEFAULT") && next != null && (next.is("CHARSET") || next.is("CHARACTER") || next.is("COLLATE"))) {
        continue;
      }
      if (tok.is("CHARSET") && !t.isEmpty() && t.get(0).is("ALTER")) {
        out.add(new Token(Kind.WORD, "CHARACTER"));
        out.add(new Token(Kind.WORD, "SET"));
        continue;
      }
      if (tok.is("LONG") && next != null && (next.is("VARCHAR") || next.is("VARBINARY")) && prev != null
          && !NAME_POSITION.contains(prev.upper())) {
        out.add(new Token(Kind.WORD, next.is("VARCHAR") ? "MEDIUMTEXT" : "MEDIUMBLOB"));
        i++;
        continue;
      }
      out.add(tok);
    }
    boolean emptyAlter = false;
    if (!out.isEmpty() && out.get(0).is("ALTER")) {
      emptyAlter = dropAlterClauses(out, notes);
    }
    return new Result(SqlLexer.join(out), List.copyOf(out), orReplace, alterIfExists, lenient, notes, emptyAlter);
  }

  /** Removes ALTER TABLE clauses druid cannot parse that change nothing; returns true if none is left. */
  private static boolean dropAlterClauses(List<Token> t, List<String> notes) {
    int i = 1;
    while (i < t.size() && (t.get(i).is("ONLINE") || t.get(i).is("IGNORE") || t.get(i).is("OFFLINE"))) {
      t.remove(i);
    }
    if (i >= t.size() || !t.get(i).is("TABLE")) {
      return false;
    }
    i++;
    if (i >= t.size()) {
      return false;
    }
    i++; // table name
    if (i + 1 < t.size() && t.get(i).isSymbol(".")) {
      i += 2;
    }
    if (i < t.size() && t.get(i).is("WAIT") && i + 1 < t.size()) {
      t.remove(i);
      t.remove(i);
    } else if (i < t.size() && t.get(i).is("NOWAIT")) {
      t.remove(i);
    }
    int start = i;
    List<List<Token>> clauses = new ArrayList<>();
    List<Token> cur = new ArrayList<>();
    int depth = 0;
    for (int j = start; j < t.size(); j++) {
      Token tok = t.get(j);
      if (tok.isSymbol("(")) {
        depth++;
      } else if (tok.isSymbol(")")) {
        depth--;
      }
      if (depth == 0 && tok.isSymbol(",")) {
        clauses.add(cur);
        cur = new ArrayList<>();
      } else {
        cur.add(tok);
      }
    }
    clauses.add(cur);
    List<List<Token>> kept = new ArrayList<>();
    for (List<Token> c : clauses) {
      if (isNoOpClause(c)) {
        notes.add("clause '" + SqlLexer.join(c) + "' changes nothing in Doris");
      } else {
        kept.add(c);
      }
    }
    if (kept.size() == clauses.size()) {
      return false;
    }
    while (t.size() > start) {
      t.remove(t.size() - 1);
    }
    for (int k = 0; k < kept.size(); k++) {
      if (k > 0) {
        t.add(new Token(Kind.SYMBOL, ","));
      }
      t.addAll(kept.get(k));
    }
    return kept.isEmpty() || kept.stream().allMatch(List::isEmpty);
  }

  private static boolean isNoOpClause(List<Token> c) {
    if (c.isEmpty()) {
      return false;
    }
    Token last = c.get(c.size() - 1);
    boolean visibility = last.is("VISIBLE") || last.is("INVISIBLE") || last.is("IGNORED");
    if (c.get(0).is("ALTER") && visibility) {
      return true; // ALTER INDEX i [IN]VISIBLE, ALTER [COLUMN] c SET [IN]VISIBLE
    }
    if (c.size() > 2 && c.get(0).is("PARTITION") && c.get(1).is("BY") && c.get(2).is("SYSTEM_TIME")) {
      return true; // MariaDB history partitioning: rows stay the same
    }
    if (c.get(0).is("ALTER") && c.size() > 1 && (c.get(1).is("CHECK") || c.get(1).is("CONSTRAINT"))) {
      return true; // ALTER CHECK c [NOT] ENFORCED
    }
    return false;
  }
}
