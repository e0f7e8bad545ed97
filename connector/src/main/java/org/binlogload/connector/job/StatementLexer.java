package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits a script of sync statements into tokens, marking the password strings as secret. */
final class StatementLexer {
  private final String s;
  private int i;
  private int line = 1;
  private int lineStart;

  StatementLexer(String s) {
    if (s == null) {
      throw new SyncStatementException("statement is null");
    }
    this.s = s;
  }

  List<StatementToken> tokens() {
    List<StatementToken> out = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (i >= s.length()) {
        out.add(new StatementToken(StatementToken.Kind.EOF, "", line, i - lineStart + 1));
        markSecrets(out);
        return out;
      }
      char c = s.charAt(i);
      int col = i - lineStart + 1;
      if (c == '"' || c == '\'') {
        out.add(new StatementToken(StatementToken.Kind.STRING, quoted(c, col), line, col));
      } else if (c == '`') {
        String id = quoted('`', col);
        if (id.isEmpty()) {
          throw new SyncStatementException("empty quoted identifier ``", line, col);
        }
        out.add(new StatementToken(StatementToken.Kind.QUOTED_ID, id, line, col));
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
            || s.charAt(i) == '$')) {
          int close = s.startsWith("${", i) ? s.indexOf('}', i) : -1; // ${db} in a Doris database name
          i = close > 0 ? close + 1 : i + 1;
        }
        out.add(new StatementToken(StatementToken.Kind.WORD, s.substring(start, i), line, col));
      } else if ("(),.=;*?".indexOf(c) >= 0) {
        i++;
        out.add(new StatementToken(StatementToken.Kind.SYMBOL, String.valueOf(c), line, col));
      } else {
        throw new SyncStatementException("unexpected character '" + c + "'", line, col);
      }
    }
  }

  /** A string value after a key naming a password is secret: errors print it masked. */
  private static void markSecrets(List<StatementToken> tokens) {
    for (int k = 2; k < tokens.size(); k++) {
      StatementToken t = tokens.get(k);
      if (t.kind == StatementToken.Kind.STRING && tokens.get(k - 1).isSymbol('=')
          && tokens.get(k - 2).kind == StatementToken.Kind.STRING
          && tokens.get(k - 2).text.toLowerCase(Locale.ROOT).contains("password")) {
        t.secret = true;
      }
    }
  }

  private String quoted(char q, int col) {
    int startLine = line;
    StringBuilder sb = new StringBuilder();
    i++;
    while (true) {
      if (i >= s.length()) {
        String what = q == '`' ? "quoted identifier" : "string";
        throw new SyncStatementException("unterminated " + what + "; close it with " + q, startLine, col);
      }
      char c = s.charAt(i);
      if (c == q) {
        if (i + 1 < s.length() && s.charAt(i + 1) == q) {
          sb.append(q);
          i += 2;
          continue;
        }
        i++;
        return sb.toString();
      }
      if (c == '\\' && q != '`' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n == '0' ? '\0' : n);
        i += 2;
        continue;
      }
      if (c == '\n') {
        line++;
        lineStart = i + 1;
      }
      sb.append(c);
      i++;
    }
  }

  private void skipSpaceAndComments() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
        i++;
        lineStart = i;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#' || (c == '-' && s.startsWith("--", i))) {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && s.startsWith("/*", i)) {
        int col = i - lineStart + 1;
        int startLine = line;
        int end = s.indexOf("*/", i + 2);
        if (end < 0) {
          throw new SyncStatementException("unterminated comment; close it with */", startLine, col);
        }
        for (int k = i; k < end; k++) {
          if (s.charAt(k) == '\n') {
            line++;
            lineStart = k + 1;
          }
        }
        i = end + 2;
      } else {
        return;
      }
    }
  }
}
