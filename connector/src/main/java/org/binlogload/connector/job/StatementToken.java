package org.binlogload.connector.job;

/** One token of a sync statement: a word, a quoted identifier, a string, a symbol or the end. */
final class StatementToken {
  /** What a token is. */
  enum Kind { WORD, QUOTED_ID, STRING, SYMBOL, EOF }

  final Kind kind;
  final String text;
  final int line;
  final int column;
  boolean secret;

  StatementToken(Kind kind, String text, int line, int column) {
    this.kind = kind;
    this.text = text;
    this.line = line;
    this.column = column;
  }

  boolean isSymbol(char c) {
    return kind == Kind.SYMBOL && text.charAt(0) == c;
  }

  boolean isWord(String w) {
    return kind == Kind.WORD && text.equalsIgnoreCase(w);
  }

  boolean isIdentifier() {
    return kind == Kind.WORD || kind == Kind.QUOTED_ID;
  }

  String describe() {
    switch (kind) {
      case EOF:
        return "end of statement";
      case STRING:
        return secret ? "\"******\"" : "\"" + text + "\"";
      case QUOTED_ID:
        return "`" + text + "`";
      default:
        return "'" + text + "'";
    }
  }
}
