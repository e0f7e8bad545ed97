package org.binlogload.ddl.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A MySQL/MariaDB tokenizer that drops comments, unwraps executable comments and keeps literals intact.
 *
 * <p>It exists so that pre-normalisation rewrites act on tokens, never on text inside string literals or
 * quoted identifiers. Executable comments ({@code /*!50100 ...}{@code *}{@code /}, {@code /*M!100100 ...}) are
 * unwrapped because the server executed their content; optimizer hints ({@code /*+ ...}) are dropped.
 */
public final class SqlLexer {

  /** Token kinds. */
  public enum Kind { WORD, QUOTED_IDENT, STRING, NUMBER, SYMBOL }

  /** One token: kind and its exact source text. */
  public record Token(Kind kind, String text) {
    /** The token text upper-cased when it is a bare word, else the raw text. */
    public String upper() {
      return kind == Kind.WORD ? text.toUpperCase(Locale.ROOT) : text;
    }

    /** Whether this is the bare word {@code word} (case-insensitive). */
    public boolean is(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    /** Whether this is the symbol {@code symbol}. */
    public boolean isSymbol(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** The identifier value: backticks removed and doubled backticks collapsed. */
    public String identifier() {
      if (kind == Kind.QUOTED_IDENT) {
        return text.substring(1, text.length() - 1).replace("``", "`");
      }
      return text;
    }
  }

  /** A tokenizing failure (unterminated literal or comment). */
  public static final class LexException extends Exception {
    LexException(String message) {
      super(message, null, false, false);
    }
  }

  private final String sql;
  private int pos;
  private int executableDepth;

  private SqlLexer(String sql) {
    this.sql = sql;
  }

  /** Tokenizes {@code sql}. */
  public static List<Token> tokenize(String sql) throws LexException {
    return new SqlLexer(sql).run();
  }

  /** Joins tokens back into SQL text, one space between tokens. */
  public static String join(List<Token> tokens) {
    StringBuilder sb = new StringBuilder();
    for (Token t : tokens) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(t.text());
    }
    return sb.toString();
  }

  private List<Token> run() throws LexException {
    List<Token> out = new ArrayList<>();
    int n = sql.length();
    while (pos < n) {
      char c = sql.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        skipLine();
      } else if (c == '-' && pos + 1 < n && sql.charAt(pos + 1) == '-'
          && (pos + 2 >= n || Character.isWhitespace(sql.charAt(pos + 2)) || Character.isISOControl(sql.charAt(pos + 2)))) {
        skipLine();
      } else if (c == '/' && pos + 1 < n && sql.charAt(pos + 1) == '*') {
        comment();
      } else if (c == '*' && executableDepth > 0 && pos + 1 < n && sql.charAt(pos + 1) == '/') {
        executableDepth--;
        pos += 2;
      } else if (c == '`') {
        out.add(new Token(Kind.QUOTED_IDENT, quoted('`', false)));
      } else if (c == '\'' || c == '"') {
        out.add(new Token(Kind.STRING, quoted(c, true)));
      } else if (Character.isDigit(c) || (c == '.' && pos + 1 < n && Character.isDigit(sql.charAt(pos + 1)))) {
        out.add(number());
      } else if (c == '@' && pos + 1 < n && (sql.charAt(pos + 1) == '@' || isWordChar(sql.charAt(pos + 1)))) {
        int start = pos;
        pos += sql.charAt(pos + 1) == '@' ? 2 : 1;
        while (pos < n && (isWordChar(sql.charAt(pos)) || sql.charAt(pos) == '.' && pos + 1 < n
            && isWordChar(sql.charAt(pos + 1)))) {
          pos++;
        }
        out.add(new Token(Kind.WORD, sql.substring(start, pos))); // @@variable, @variable: one token
      } else if (isWordChar(c)) {
        int start = pos;
        while (pos < n && isWordChar(sql.charAt(pos))) {
          pos++;
        }
        String word = sql.substring(start, pos);
        if (!word.chars().allMatch(ch -> ch < 0x80) && !(pos < n && sql.charAt(pos) == '\'')) {
          out.add(new Token(Kind.QUOTED_IDENT, "`" + word + "`")); // druid reads only ASCII bare names
          continue;
        }
        if (pos < n && sql.charAt(pos) == '\'' && (word.matches("(?i)[xbn]") || word.startsWith("_"))) {
          out.add(new Token(Kind.STRING, word + quoted('\'', true)));
        } else {
          out.add(new Token(Kind.WORD, word));
        }
      } else {
        out.add(new Token(Kind.SYMBOL, symbol()));
      }
    }
    return out;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f && !Character.isWhitespace(c);
  }

  private void skipLine() {
    while (pos < sql.length() && sql.charAt(pos) != '\n') {
      pos++;
    }
  }

  private void comment() throws LexException {
    int n = sql.length();
    int p = pos + 2;
    boolean mariaDb = p + 1 < n && sql.charAt(p) == 'M' && sql.charAt(p + 1) == '!';
    if (p < n && sql.charAt(p) == '!' || mariaDb) {
      p += mariaDb ? 2 : 1;
      while (p < n && Character.isDigit(sql.charAt(p))) {
        p++;
      }
      executableDepth++;
      pos = p;
      return;
    }
    int end = sql.indexOf("*/", p);
    if (end < 0) {
      throw new LexException("unterminated comment");
    }
    pos = end + 2;
  }

  private String quoted(char quote, boolean backslashEscapes) throws LexException {
    int start = pos;
    int n = sql.length();
    pos++;
    while (pos < n) {
      char c = sql.charAt(pos);
      if (backslashEscapes && c == '\\') {
        pos += 2;
        continue;
      }
      if (c == quote) {
        if (pos + 1 < n && sql.charAt(pos + 1) == quote) {
          pos += 2;
          continue;
        }
        pos++;
        return sql.substring(start, pos);
      }
      pos++;
    }
    throw new LexException(quote == '`' ? "unterminated quoted identifier" : "unterminated string literal");
  }

  private Token number() {
    int start = pos;
    int n = sql.length();
    if (sql.startsWith("0x", pos) || sql.startsWith("0b", pos)) {
      pos += 2;
    }
    while (pos < n && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '.' || sql.charAt(pos) == '_')) {
      char c = sql.charAt(pos);
      if ((c == 'e' || c == 'E') && pos + 1 < n && (sql.charAt(pos + 1) == '-' || sql.charAt(pos + 1) == '+')) {
        pos += 2;
        continue;
      }
      pos++;
    }
    String text = sql.substring(start, pos);
    boolean numeric = text.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.' || ch == 'e' || ch == 'E'
        || ch == '-' || ch == '+');
    return new Token(numeric ? Kind.NUMBER : Kind.WORD, text);
  }

  private String symbol() {
    String[] multi = {"<=>", "<=", ">=", "<>", "!=", ":=", "||", "&&", "<<", ">>"};
    for (String m : multi) {
      if (sql.startsWith(m, pos)) {
        pos += m.length();
        return m;
      }
    }
    return String.valueOf(sql.charAt(pos++));
  }
}
