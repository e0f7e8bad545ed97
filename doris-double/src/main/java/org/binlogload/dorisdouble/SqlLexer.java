package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits one SQL statement into tokens: identifiers (bare or in backticks), strings, numbers and symbols. */
final class SqlLexer {
    enum Kind { IDENT, STRING, NUMBER, SYMBOL, EOF }

    static final class Token {
        final Kind kind;
        final String text;
        final boolean quoted;
        final int pos;

        Token(Kind kind, String text, boolean quoted, int pos) {
            this.kind = kind;
            this.text = text;
            this.quoted = quoted;
            this.pos = pos;
        }

        /** True for the keyword {@code word} (an unquoted identifier, any case). */
        boolean is(String word) {
            return kind == Kind.IDENT && !quoted && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(String s) {
            return kind == Kind.SYMBOL && text.equals(s);
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return kind == Kind.EOF ? "<EOF>" : text;
        }
    }

    private SqlLexer() {
    }

    static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '`') {
                int start = i++;
                StringBuilder sb = new StringBuilder();
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == '`') {
                        if (i + 1 < n && sql.charAt(i + 1) == '`') {
                            sb.append('`');
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                if (i >= n) {
                    throw syntax(sql, start, "unterminated quoted identifier");
                }
                i++;
                out.add(new Token(Kind.IDENT, sb.toString(), true, start));
            } else if (c == '\'' || c == '"') {
                int start = i++;
                StringBuilder sb = new StringBuilder();
                boolean closed = false;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        char e = sql.charAt(i + 1);
                        sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == '0' ? '\0' : e);
                        i += 2;
                        continue;
                    }
                    if (d == c) {
                        if (i + 1 < n && sql.charAt(i + 1) == c) {
                            sb.append(c);
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                if (!closed) {
                    throw syntax(sql, start, "unterminated string");
                }
                out.add(new Token(Kind.STRING, sb.toString(), false, start));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
                    i++;
                    if (i < n && (sql.charAt(i) == '-' || sql.charAt(i) == '+')) {
                        i++;
                    }
                    while (i < n && Character.isDigit(sql.charAt(i))) {
                        i++;
                    }
                }
                if (i < n && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                        i++;
                    }
                    out.add(new Token(Kind.IDENT, sql.substring(start, i), false, start));
                } else {
                    out.add(new Token(Kind.NUMBER, sql.substring(start, i), false, start));
                }
            } else if (Character.isLetter(c) || c == '_' || c == '$' || c == '@') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$' || sql.charAt(i) == '@')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, sql.substring(start, i), false, start));
            } else {
                int start = i;
                String two = i + 1 < n ? sql.substring(i, i + 2) : "";
                if (two.equals("!=") || two.equals("<>") || two.equals("<=") || two.equals(">=")) {
                    out.add(new Token(Kind.SYMBOL, two.equals("<>") ? "!=" : two, false, start));
                    i += 2;
                } else if ("(),;=.*<>+-".indexOf(c) >= 0) {
                    out.add(new Token(Kind.SYMBOL, String.valueOf(c), false, start));
                    i++;
                } else {
                    throw syntax(sql, start, "unexpected character '" + c + "'");
                }
            }
        }
        out.add(new Token(Kind.EOF, "", false, n));
        return out;
    }

    /** A syntax error in the form the Nereids parser reports it. */
    static DorisSqlException syntax(String sql, int pos, String what) {
        return new DorisSqlException("\n" + what + "(line 1, pos " + pos + ")\n\n== SQL ==\n" + sql + "\n"
                + " ".repeat(Math.max(0, pos)) + "^^^");
    }
}
