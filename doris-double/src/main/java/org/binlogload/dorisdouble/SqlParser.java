package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.binlogload.dorisdouble.SqlLexer.Kind;
import org.binlogload.dorisdouble.SqlLexer.Token;

/** A recursive-descent cursor over one statement's tokens, with the grammar pieces several statements share. */
final class SqlParser {
    private final String sql;
    private final List<Token> tokens;
    private final String currentDb;
    private int p;

    SqlParser(String sql, String currentDb) {
        this.sql = sql;
        this.tokens = SqlLexer.tokenize(sql);
        this.currentDb = currentDb;
    }

    // ------------------------------------------------------------ token helpers

    Token peek() {
        return tokens.get(p);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(p);
        if (t.kind != Kind.EOF) {
            p++;
        }
        return t;
    }

    /** Steps back one token, so that an error names the token just read (at the end: the one before it). */
    void back() {
        p--;
    }

    boolean accept(String word) {
        if (peek().is(word)) {
            p++;
            return true;
        }
        return false;
    }

    boolean acceptSymbol(String s) {
        if (peek().isSymbol(s)) {
            p++;
            return true;
        }
        return false;
    }

    void expect(String word) {
        if (!accept(word)) {
            throw error("'" + word + "'");
        }
    }

    void expectSymbol(String s) {
        if (!acceptSymbol(s)) {
            throw error("'" + s + "'");
        }
    }

    DorisSqlException error(String expected) {
        Token t = peek();
        String what = t.kind == Kind.EOF ? "mismatched input '<EOF>' expecting " + expected
                : "mismatched input '" + t.text + "' expecting " + expected;
        return SqlLexer.syntax(sql, t.pos, what);
    }

    /** A syntax error at token {@code t} with the whole message given. */
    DorisSqlException syntaxAt(Token t, String message) {
        return SqlLexer.syntax(sql, t.pos, message);
    }

    String ident() {
        Token t = peek();
        if (t.kind != Kind.IDENT) {
            throw error("an identifier");
        }
        p++;
        return t.text;
    }

    void end() {
        if (peek().kind != Kind.EOF) {
            throw error("<EOF>");
        }
    }

    /** [db.]name; returns {db, name}. */
    String[] qualified() {
        String a = ident();
        if (acceptSymbol(".")) {
            return new String[] {a, ident()};
        }
        return new String[] {currentDb(), a};
    }

    private String currentDb() {
        if (currentDb == null || currentDb.isEmpty()) {
            throw new DorisSqlException("No database selected");
        }
        return currentDb;
    }

    /** The session's current database as given (null when none; not checked). */
    String sessionDb() {
        return currentDb;
    }

    String literal() {
        Token t = next();
        if (t.kind == Kind.STRING || t.kind == Kind.NUMBER) {
            return t.text;
        }
        if (t.isSymbol("-") && peek().kind == Kind.NUMBER) {
            return "-" + next().text;
        }
        if (t.is("NULL")) {
            return null;
        }
        if (t.is("TRUE") || t.is("FALSE") || t.is("CURRENT_TIMESTAMP")) {
            if (t.is("CURRENT_TIMESTAMP") && acceptSymbol("(")) {
                if (peek().kind == Kind.NUMBER) {
                    next();
                }
                expectSymbol(")");
            }
            return t.upper();
        }
        p--;
        throw error("a literal");
    }

    Map<String, String> properties() {
        Map<String, String> props = new LinkedHashMap<>();
        expectSymbol("(");
        if (acceptSymbol(")")) {
            return props;
        }
        do {
            Token k = next();
            if (k.kind != Kind.STRING && k.kind != Kind.IDENT) {
                p--;
                throw error("a property name");
            }
            expectSymbol("=");
            Token v = next();
            if (v.kind != Kind.STRING && v.kind != Kind.NUMBER && v.kind != Kind.IDENT) {
                p--;
                throw error("a property value");
            }
            props.put(k.text, v.text);
        } while (acceptSymbol(","));
        expectSymbol(")");
        return props;
    }

    List<String> identList() {
        List<String> out = new ArrayList<>();
        expectSymbol("(");
        do {
            out.add(ident());
        } while (acceptSymbol(","));
        expectSymbol(")");
        return out;
    }
}
