package org.binlogload.ddl.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.binlogload.ddl.internal.SqlLexer.Kind;
import org.binlogload.ddl.internal.SqlLexer.Token;

/**
 * Removes or rewrites MariaDB and MySQL 8 syntax that changes nothing in Doris and that druid cannot parse: table
 * options (ENCRYPTED, PAGE_COMPRESSED, AUTOEXTEND_SIZE, ...), a table COLLATE without CHARSET, column
 * {@code COLLATE binary|DEFAULT} and quoted charset names, ignored indexes, {@code PARTITION p DEFAULT|HISTORY|
 * CURRENT}, and {@code WAIT n}/{@code NOWAIT} outside ALTER TABLE.
 */
final class OptionRewriter {

  /** Table options druid does not know; none changes what Doris stores. */
  static final Set<String> IGNORED_TABLE_OPTIONS = Set.of("ENCRYPTED", "ENCRYPTION_KEY_ID", "PAGE_COMPRESSED",
      "PAGE_COMPRESSION_LEVEL", "AUTOEXTEND_SIZE", "SECONDARY_ENGINE", "SECONDARY_ENGINE_ATTRIBUTE",
      "ENGINE_ATTRIBUTE", "IETF_QUOTES", "SEQUENCE", "PAGE_CHECKSUM", "TRANSACTIONAL");

  private OptionRewriter() {
  }

  /** Rewrites {@code t} in place; adds a note per removed table option. */
  static void rewrite(List<Token> t, List<String> notes) {
    if (t.isEmpty()) {
      return;
    }
    String first = t.get(0).upper();
    boolean create = first.equals("CREATE");
    boolean alter = first.equals("ALTER");
    boolean waitStatement = first.equals("DROP") || first.equals("TRUNCATE") || first.equals("RENAME")
        || create && t.stream().limit(8).anyMatch(x -> x.is("INDEX"));
    boolean tableCharset = false;
    int depth = 0;
    int tableParenClosedAt = -1;
    List<Token> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      Token tok = t.get(i);
      if (alter && tok.is("CONVERT") && i + 1 < t.size() && (t.get(i + 1).is("PARTITION") || t.get(i + 1).is("TABLE"))) {
        throw new Refuse("CONVERT PARTITION/TABLE moves rows between tables without row events in the binlog, so "
            + "Doris would keep rows MySQL moved", "delete or load the affected rows in Doris by hand, then skip "
            + "this statement");
      }
      Token prev = out.isEmpty() ? null : out.get(out.size() - 1);
      Token next = i + 1 < t.size() ? t.get(i + 1) : null;
      if (tok.isSymbol("(")) {
        depth++;
      } else if (tok.isSymbol(")")) {
        depth--;
        if (depth == 0 && create && tableParenClosedAt < 0) {
          tableParenClosedAt = out.size();
        }
      }
      boolean tableOptionPosition = depth == 0 && (alter || create && tableParenClosedAt >= 0);
      if (tableOptionPosition && (tok.is("CHARSET") || tok.is("CHARACTER"))) {
        tableCharset = true;
      }
      if (tableOptionPosition && tok.kind() == Kind.WORD && IGNORED_TABLE_OPTIONS.contains(tok.upper())
          && next != null && (next.isSymbol("=") || optionStart(prev, out)) && !nameContext(prev)) {
        int skip = next.isSymbol("=") ? 2 : 1;
        if (i + skip < t.size()) {
          notes.add("table option " + tok.upper() + " changes nothing in Doris");
          i += skip;
          boolean clauseStart = prev == null || prev.isSymbol(",") || !(prev.kind() == Kind.SYMBOL
              || out.size() >= 2 && out.get(out.size() - 2).isSymbol("="));
          if (alter && i + 1 < t.size() && t.get(i + 1).isSymbol(",") && clauseStart) {
            i++; // the option was a clause of its own: drop its comma too
          } else if (alter && i + 1 == t.size() && prev != null && prev.isSymbol(",")) {
            out.remove(out.size() - 1);
          }
          continue;
        }
      }
      if (create && tableParenClosedAt >= 0 && depth == 0 && tok.is("COLLATE") && !tableCharset) {
        // druid reads COLLATE only after CHARSET: name the charset the collation implies.
        int v = next != null && next.isSymbol("=") ? i + 2 : i + 1;
        if (v < t.size()) {
          String collation = t.get(v).identifier().replace("'", "").replace("\"", "");
          int u = collation.indexOf('_');
          out.add(new Token(Kind.WORD, "CHARSET"));
          out.add(new Token(Kind.SYMBOL, "="));
          out.add(new Token(Kind.WORD, u > 0 ? collation.substring(0, u) : collation));
          tableCharset = true;
        }
      }
      if ((tok.is("COLLATE") || tok.is("CHARSET") || tok.is("SET") && prev != null && prev.is("CHARACTER"))
          && next != null) {
        int v = next.isSymbol("=") ? i + 2 : i + 1;
        if (v < t.size()) {
          Token value = t.get(v);
          if (tok.is("COLLATE") && value.is("DEFAULT")) {
            i = v;
            continue;
          }
          if (tok.is("COLLATE") && value.is("binary")) {
            // the binary collation belongs to the binary charset only: COLLATE binary is CHARACTER SET binary
            boolean charsetBefore = out.size() >= 2 && (out.get(out.size() - 2).is("CHARSET")
                || out.get(out.size() - 2).is("SET"));
            if (!charsetBefore) {
              out.add(new Token(Kind.WORD, "CHARACTER"));
              out.add(new Token(Kind.WORD, "SET"));
              out.add(new Token(Kind.WORD, "binary"));
            }
            i = v;
            continue;
          }
          if (value.kind() == Kind.STRING && value.text().matches("['\"][A-Za-z0-9_]+['\"]")) {
            out.add(tok);
            if (v == i + 2) {
              out.add(next);
            }
            out.add(new Token(Kind.WORD, value.text().substring(1, value.text().length() - 1)));
            i = v;
            continue;
          }
        }
      }
      if (tok.is("IGNORED") && prev != null && (prev.isSymbol(")") || prev.is("NOT") && out.size() >= 2
          && out.get(out.size() - 2).isSymbol(")"))) {
        if (prev.is("NOT")) {
          out.remove(out.size() - 1);
        }
        continue;
      }
      if ((tok.is("DEFAULT") || tok.is("HISTORY") || tok.is("CURRENT")) && out.size() >= 2
          && out.get(out.size() - 2).is("PARTITION") && prev.kind() != Kind.SYMBOL
          && (next == null || next.isSymbol(",") || next.isSymbol(")"))) {
        out.add(new Token(Kind.WORD, "VALUES"));
        out.add(new Token(Kind.WORD, "LESS"));
        out.add(new Token(Kind.WORD, "THAN"));
        out.add(new Token(Kind.WORD, "MAXVALUE"));
        continue;
      }
      if (waitStatement && depth == 0 && !nameContext(prev)) {
        if (tok.is("WAIT") && next != null && next.kind() == Kind.NUMBER) {
          i++;
          continue;
        }
        if (tok.is("NOWAIT")) {
          continue;
        }
      }
      out.add(tok);
    }
    t.clear();
    t.addAll(out);
  }

  private static boolean optionStart(Token prev, List<Token> out) {
    return prev != null && (prev.isSymbol(")") || out.size() >= 2 && out.get(out.size() - 2).isSymbol("="));
  }

  private static boolean nameContext(Token prev) {
    return prev == null || prev.kind() == Kind.WORD && Set.of("ADD", "COLUMN", "CHANGE", "MODIFY", "DROP", "AFTER",
        "TO", "RENAME", "AS", "ALTER", "INDEX", "KEY", "TABLE", "FIRST", "ON", "BY", "TRUNCATE", "EXISTS")
        .contains(prev.text().toUpperCase(Locale.ROOT)) || prev.isSymbol(".");
  }
}
