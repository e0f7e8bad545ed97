package org.binlogload.dorisdouble;

import org.binlogload.dorisdouble.SqlLexer.Kind;
import org.binlogload.dorisdouble.SqlLexer.Token;

/**
 * Runs one statement of the SQL subset the double models against the {@link Catalog}, parsed (recursive descent)
 * by the class for its statement family.
 *
 * <p>DDL follows the docs "CREATE-TABLE", "ALTER-TABLE-COLUMN", "ALTER-TABLE-RENAME", "TRUNCATE-TABLE",
 * "DROP-TABLE", "SHOW-ALTER", "DESCRIBE", "SHOW-CREATE-TABLE" and "schema-change"; error texts follow FE
 * {@code alter/SchemaChangeHandler}, {@code alter/Alter}, {@code catalog/ColumnType} and
 * {@code common/ErrorCode}.
 */
final class SqlExecutor {
    private final Catalog catalog;

    SqlExecutor(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Runs one statement with {@code db} as the current database (may be null). */
    QueryResult execute(String db, String sql) {
        String stmt = sql.trim();
        while (stmt.endsWith(";")) {
            stmt = stmt.substring(0, stmt.length() - 1).trim();
        }
        synchronized (catalog) {
            catalog.sweep();
            return statement(new SqlParser(stmt, db));
        }
    }

    private QueryResult statement(SqlParser in) {
        Token t = in.peek();
        if (t.is("CREATE")) {
            in.next();
            if (in.accept("DATABASE") || in.accept("SCHEMA")) {
                return new CatalogDdl(catalog, in).createDatabase();
            }
            if (in.accept("TABLE")) {
                return new CreateTable(catalog, in).execute();
            }
            throw in.error("{DATABASE, TABLE}");
        }
        if (t.is("DROP")) {
            in.next();
            if (in.accept("DATABASE") || in.accept("SCHEMA")) {
                return new CatalogDdl(catalog, in).dropDatabase();
            }
            if (in.accept("TABLE")) {
                return new CatalogDdl(catalog, in).dropTable();
            }
            throw in.error("{DATABASE, TABLE}");
        }
        if (t.is("ALTER")) {
            in.next();
            in.expect("TABLE");
            return alterTable(in);
        }
        if (t.is("TRUNCATE")) {
            in.next();
            in.expect("TABLE");
            return new CatalogDdl(catalog, in).truncate();
        }
        if (t.is("DESC") || t.is("DESCRIBE")) {
            in.next();
            return new ShowStatements(catalog, in).describe();
        }
        if (t.is("SHOW")) {
            in.next();
            return new ShowStatements(catalog, in).show();
        }
        if (t.is("SELECT")) {
            in.next();
            return new SelectQuery(catalog, in).select();
        }
        if (t.is("CANCEL")) {
            in.next();
            return new SchemaChangeJobs(catalog, in).cancelAlter();
        }
        if (t.is("INSERT")) {
            in.next();
            return new InsertValues(catalog, in).insert();
        }
        if (t.is("SET")) {
            // session variables live in one HTTP request's session; nothing persists (StmtExecutionAction)
            while (in.peek().kind != Kind.EOF) {
                in.next();
            }
            return QueryResult.ok();
        }
        if (t.is("USE")) {
            in.next();
            catalog.db(in.ident());
            in.end();
            return QueryResult.ok();
        }
        throw in.syntaxAt(t, "mismatched input '" + (t.kind == Kind.EOF ? "<EOF>" : t.text)
                + "' expecting {'ALTER', 'CANCEL', 'CREATE', 'DESC', 'DESCRIBE', 'DROP', 'INSERT', 'SELECT', 'SET', "
                + "'SHOW', 'TRUNCATE', 'USE'}");
    }

    /** ALTER TABLE [db.]t: the table must be NORMAL; then REPLACE, RENAME [COLUMN] or column changes. */
    private QueryResult alterTable(SqlParser in) {
        String[] q = in.qualified();
        OlapTable t = catalog.table(q[0], q[1]);
        if (!t.state.equals("NORMAL")) {
            // FE alter/Alter.processAlterOlapTable
            throw new DorisSqlException("Table[" + t.name + "]'s state(" + t.state
                    + ") is not NORMAL. Do not allow doing ALTER ops");
        }
        if (in.accept("REPLACE")) {
            return new CatalogDdl(catalog, in).replaceWithTable(q[0], t);
        }
        if (in.accept("RENAME")) {
            if (in.accept("COLUMN")) {
                return new AlterColumns(catalog, in).renameColumn(t);
            }
            return new CatalogDdl(catalog, in).renameTable(q[0], t);
        }
        return new AlterColumns(catalog, in).alter(t);
    }
}
