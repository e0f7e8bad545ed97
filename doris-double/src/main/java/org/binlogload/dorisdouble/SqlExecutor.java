package org.binlogload.dorisdouble;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.binlogload.dorisdouble.SqlLexer.Kind;
import org.binlogload.dorisdouble.SqlLexer.Token;

/**
 * Parses (recursive descent) and runs the SQL subset the double models, against the {@link Catalog}.
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
            return new Parser(stmt, db).statement();
        }
    }

    private final class Parser {
        private final SqlParser in;

        Parser(String sql, String currentDb) {
            this.in = new SqlParser(sql, currentDb);
        }

        // ------------------------------------------------------------ statements

        QueryResult statement() {
            Token t = in.peek();
            if (t.is("CREATE")) {
                in.next();
                if (in.accept("DATABASE") || in.accept("SCHEMA")) {
                    return createDatabase();
                }
                if (in.accept("TABLE")) {
                    return new CreateTable(catalog, in).execute();
                }
                throw in.error("{DATABASE, TABLE}");
            }
            if (t.is("DROP")) {
                in.next();
                if (in.accept("DATABASE") || in.accept("SCHEMA")) {
                    return dropDatabase();
                }
                if (in.accept("TABLE")) {
                    return dropTable();
                }
                throw in.error("{DATABASE, TABLE}");
            }
            if (t.is("ALTER")) {
                in.next();
                in.expect("TABLE");
                return alterTable();
            }
            if (t.is("TRUNCATE")) {
                in.next();
                in.expect("TABLE");
                return truncate();
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

        private QueryResult createDatabase() {
            boolean ifNotExists = false;
            if (in.accept("IF")) {
                in.expect("NOT");
                in.expect("EXISTS");
                ifNotExists = true;
            }
            String name = in.ident();
            if (in.accept("PROPERTIES")) {
                in.properties();
            }
            in.end();
            Map<String, Catalog.Database> dbs = catalog.databases();
            if (dbs.containsKey(name)) {
                if (ifNotExists) {
                    return QueryResult.ok();
                }
                // FE ErrorCode.ERR_DB_CREATE_EXISTS
                throw new DorisSqlException("Can't create database '" + name + "'; database exists");
            }
            dbs.put(name, new Catalog.Database(name));
            return QueryResult.ok();
        }

        private QueryResult dropDatabase() {
            boolean ifExists = false;
            if (in.accept("IF")) {
                in.expect("EXISTS");
                ifExists = true;
            }
            String name = in.ident();
            in.accept("FORCE");
            in.end();
            Catalog.Database d = catalog.dbOrNull(name);
            if (d == null) {
                if (ifExists) {
                    return QueryResult.ok();
                }
                // FE ErrorCode.ERR_DB_DROP_EXISTS
                throw new DorisSqlException("Can't drop database '" + name + "'; database doesn't exist");
            }
            for (OlapTable t : new ArrayList<>(d.tables.values())) {
                removeTable(d, t, "database dropped");
            }
            catalog.databases().remove(name);
            return QueryResult.ok();
        }

        private QueryResult dropTable() {
            boolean ifExists = false;
            if (in.accept("IF")) {
                in.expect("EXISTS");
                ifExists = true;
            }
            String[] q = in.qualified();
            in.accept("FORCE");
            in.end();
            Catalog.Database d = catalog.db(q[0]);
            OlapTable t = d.tables.get(q[1]);
            if (t == null) {
                if (ifExists) {
                    return QueryResult.ok();
                }
                throw new DorisSqlException("Unknown table '" + q[1] + "'");
            }
            removeTable(d, t, "table dropped");
            return QueryResult.ok();
        }

        private void removeTable(Catalog.Database d, OlapTable t, String reason) {
            d.tables.remove(t.name);
            for (SchemaChangeJob j : catalog.jobs) {
                if (j.tableId == t.id) {
                    j.cancel(reason, catalog.now());
                }
            }
            abortInFlight(t, reason);
        }

        private void abortInFlight(OlapTable t, String reason) {
            // a dropped or truncated table fails the loads in flight on it (docs "TRUNCATE-TABLE")
            Catalog.Database d = catalog.dbOrNull(t.db);
            if (d == null) {
                return;
            }
            for (List<Txn> list : d.labels.values()) {
                for (Txn x : list) {
                    if (x.tableId == t.id && !x.finished() && x.state != Txn.State.COMMITTED) {
                        catalog.abort(x, reason);
                    }
                }
            }
        }

        private QueryResult truncate() {
            String[] q = in.qualified();
            in.end();
            OlapTable t = catalog.table(q[0], q[1]);
            if (!t.state.equals("NORMAL")) {
                // FE datasource/InternalCatalog.truncateTable
                throw new DorisSqlException("Table' state is not NORMAL: " + t.state);
            }
            t.truncate();
            abortInFlight(t, "table truncated");
            return QueryResult.ok();
        }

        // ------------------------------------------------------------ ALTER TABLE

        private QueryResult alterTable() {
            String[] q = in.qualified();
            OlapTable t = catalog.table(q[0], q[1]);
            if (!t.state.equals("NORMAL")) {
                // FE alter/Alter.processAlterOlapTable
                throw new DorisSqlException("Table[" + t.name + "]'s state(" + t.state
                        + ") is not NORMAL. Do not allow doing ALTER ops");
            }
            if (in.accept("REPLACE")) {
                return replaceWithTable(q[0], t);
            }
            if (in.accept("RENAME")) {
                if (in.accept("COLUMN")) {
                    return renameColumn(t);
                }
                String newName = in.ident();
                in.end();
                Catalog.Database d = catalog.db(q[0]);
                if (newName.equals(t.name)) {
                    throw new DorisSqlException("Same table name");
                }
                if (d.tables.containsKey(newName)) {
                    throw new DorisSqlException("Table name[" + newName + "] is already used");
                }
                d.tables.remove(t.name);
                t.name = newName;
                d.tables.put(newName, t);
                for (SchemaChangeJob j : catalog.jobs) {
                    if (j.tableId == t.id) {
                        j.tableName = newName;
                    }
                }
                return QueryResult.ok();
            }
            List<Column> schema = new ArrayList<>(t.columns);
            boolean light = true;
            boolean changed = false;
            int nextUid = t.nextUniqueId;
            do {
                if (in.accept("ADD")) {
                    in.expect("COLUMN");
                    if (in.acceptSymbol("(")) {
                        List<Column> added = new ArrayList<>();
                        do {
                            added.add(ColumnDefinitions.columnDef(in, nextUid++));
                        } while (in.acceptSymbol(","));
                        in.expectSymbol(")");
                        for (Column c : added) {
                            light &= addColumn(t, schema, c, null, false);
                        }
                    } else {
                        Column c = ColumnDefinitions.columnDef(in, nextUid++);
                        String after = null;
                        boolean first = false;
                        if (in.accept("FIRST")) {
                            first = true;
                        } else if (in.accept("AFTER")) {
                            after = in.ident();
                        }
                        light &= addColumn(t, schema, c, after, first);
                    }
                    changed = true;
                } else if (in.accept("DROP")) {
                    in.expect("COLUMN");
                    light &= dropColumn(t, schema, in.ident());
                    changed = true;
                } else if (in.accept("MODIFY")) {
                    in.expect("COLUMN");
                    Column c = ColumnDefinitions.columnDef(in, -1);
                    String after = null;
                    boolean first = false;
                    if (in.accept("FIRST")) {
                        first = true;
                    } else if (in.accept("AFTER")) {
                        after = in.ident();
                    }
                    Boolean r = modifyColumn(t, schema, c, after, first);
                    if (r != null) {
                        light &= r;
                        changed = true;
                    }
                } else {
                    throw in.error("{'ADD', 'DROP', 'MODIFY', 'RENAME'}");
                }
            } while (in.acceptSymbol(","));
            in.end();
            if (!changed) {
                // FE SchemaChangeHandler.createJob
                throw new DorisSqlException("Nothing is changed. please check your alter stmt.");
            }
            validateOrder(t, schema);
            t.nextUniqueId = nextUid;
            if (light && t.lightSchemaChange) {
                try {
                    t.changeSchema(schema, catalog.now());
                } catch (DataType.ConversionException e) {
                    throw new DorisSqlException(e.getMessage());
                }
                return QueryResult.ok();
            }
            SchemaChangeJob job = new SchemaChangeJob(catalog.nextId(), t.db, t, schema, catalog.now());
            catalog.jobs.add(job);
            t.state = "SCHEMA_CHANGE";
            return QueryResult.ok();
        }

        private int lastVisible(List<Column> schema) {
            int last = -1;
            for (int i = 0; i < schema.size(); i++) {
                if (schema.get(i).visible) {
                    last = i;
                }
            }
            return last;
        }

        private int lastKey(List<Column> schema) {
            int last = -1;
            for (int i = 0; i < schema.size(); i++) {
                if (schema.get(i).key) {
                    last = i;
                }
            }
            return last;
        }

        /** Returns true when the add is light (a value column on a light-schema-change table). */
        private boolean addColumn(OlapTable t, List<Column> schema, Column c, String after, boolean first) {
            for (Column x : schema) {
                if (x.nameIs(c.name)) {
                    throw new DorisSqlException("Can not add column which already exists in base table: " + c.name);
                }
            }
            for (Column x : t.columns) {
                if (x.nameIs(c.name)) {
                    throw new DorisSqlException("Can not add column which already exists in base table: " + c.name);
                }
            }
            int at;
            if (first) {
                at = 0;
            } else if (after != null) {
                int i = indexOf(schema, after);
                if (i < 0) {
                    throw new DorisSqlException("Column[" + after + "] does not found");
                }
                at = i + 1;
            } else {
                at = c.key ? lastKey(schema) + 1 : lastVisible(schema) + 1;
            }
            schema.add(at, c);
            return !c.key;
        }

        private boolean dropColumn(OlapTable t, List<Column> schema, String name) {
            int i = indexOf(schema, name);
            if (t.isUnique()) {
                if (i >= 0 && schema.get(i).key) {
                    throw new DorisSqlException("Can not drop key column in Unique data model table");
                }
                if (t.sequenceMapCol != null && t.sequenceMapCol.equalsIgnoreCase(name)) {
                    throw new DorisSqlException("Can not drop sequence mapping column[" + name
                            + "] in Unique data model table[" + t.name + "]");
                }
            }
            if (i < 0 || !schema.get(i).visible) {
                throw new DorisSqlException("Column does not exists: " + name);
            }
            Column c = schema.remove(i);
            if (t.distributionColumns.stream().anyMatch(c::nameIs)) {
                throw new DorisSqlException("Can not drop distribution column[" + c.name + "]");
            }
            return !c.key;
        }

        /** Returns whether the change is light, or null when the column is unchanged. */
        private Boolean modifyColumn(OlapTable t, List<Column> schema, Column def, String after, boolean first) {
            int i = indexOf(schema, def.name);
            if (i < 0 || !schema.get(i).visible) {
                throw new DorisSqlException("Column[" + def.name + "] does not exists");
            }
            Column old = schema.get(i);
            Column mod = new Column(old.uniqueId, old.name, def.type, def.key, def.nullable, def.defaultValue,
                    def.comment, true);
            boolean move = first || after != null;
            if (old.sameDefinition(mod) && !move) {
                throw new DorisSqlException("Nothing is changed. please check your alter stmt.");
            }
            if (after != null && indexOf(schema, after) < 0) {
                throw new DorisSqlException("Column[" + after + "] does not exists");
            }
            if (!old.sameDefinition(mod) && t.distributionColumns.stream().anyMatch(old::nameIs)) {
                throw new DorisSqlException("Can not modify distribution column[" + old.name + "]. index["
                        + t.name + "]");
            }
            boolean typeChanged = !old.type.equals(mod.type);
            if (typeChanged && t.sequenceMapCol != null && t.sequenceMapCol.equalsIgnoreCase(old.name)) {
                throw new DorisSqlException("Can not alter sequence column[" + old.name + "]");
            }
            if (old.nullable && !mod.nullable) {
                throw new DorisSqlException("Can not change from nullable to non-nullable");
            }
            boolean light = false;
            if (typeChanged) {
                ColumnTypeChange.check(old.type, mod.type);
                light = !old.key && !mod.key && !move && old.type.kind == DataType.Kind.VARCHAR
                        && mod.type.kind == DataType.Kind.VARCHAR;
            } else if (!old.key && !mod.key && !move && old.nullable == mod.nullable) {
                light = true; // default or comment only
            }
            schema.remove(i);
            if (first) {
                schema.add(0, mod);
            } else if (after != null) {
                schema.add(indexOf(schema, after) + 1, mod);
            } else {
                schema.add(i, mod);
            }
            return light;
        }

        /** Keys first, values after (FE SchemaChangeHandler); at least one key. */
        private void validateOrder(OlapTable t, List<Column> schema) {
            boolean seenValue = false;
            boolean anyKey = false;
            for (Column c : schema) {
                if (!c.visible) {
                    continue;
                }
                if (c.key) {
                    anyKey = true;
                    if (seenValue) {
                        throw new DorisSqlException("Invalid column order. value should be after key. index["
                                + t.name + "]");
                    }
                } else {
                    seenValue = true;
                }
            }
            if (!anyKey) {
                throw new DorisSqlException("No key column left. index[" + t.name + "]");
            }
        }

        /**
         * {@code ALTER TABLE a REPLACE WITH TABLE b [PROPERTIES ("swap" = "true"|"false")]}, docs "ALTER TABLE
         * REPLACE" (apache/doris#4669, alter-table-replace-table): one atomic step between two OLAP tables of one
         * database, structures not compared; swap (the default) exchanges the names, "false" drops a and renames b to a.
         */
        private QueryResult replaceWithTable(String db, OlapTable a) {
            in.expect("WITH");
            in.expect("TABLE");
            String other = in.ident();
            boolean swap = true;
            if (in.accept("PROPERTIES")) {
                swap = !"false".equalsIgnoreCase(in.properties().getOrDefault("swap", "true"));
            }
            in.end();
            OlapTable b = catalog.table(db, other);
            Catalog.Database d = catalog.db(db);
            String aName = a.name;
            String bName = b.name;
            d.tables.remove(aName);
            d.tables.remove(bName);
            b.name = aName;
            d.tables.put(aName, b);
            if (swap) {
                a.name = bName;
                d.tables.put(bName, a);
            }
            for (SchemaChangeJob j : catalog.jobs) {
                if (j.tableId == b.id) {
                    j.tableName = aName;
                } else if (j.tableId == a.id && swap) {
                    j.tableName = bName;
                }
            }
            return QueryResult.ok();
        }

        private QueryResult renameColumn(OlapTable t) {
            String from = in.ident();
            in.accept("TO");
            String to = in.ident();
            in.end();
            if (!t.lightSchemaChange) {
                throw new DorisSqlException("Do not support rename column when light_schema_change is false, table: "
                        + t.name);
            }
            int i = indexOf(t.columns, from);
            if (i < 0 || !t.columns.get(i).visible) {
                throw new DorisSqlException("Column[" + from + "] does not exists");
            }
            if (from.equalsIgnoreCase(to)) {
                throw new DorisSqlException("Same column name");
            }
            if (indexOf(t.columns, to) >= 0) {
                throw new DorisSqlException("Column name[" + to + "] is already used");
            }
            List<Column> schema = new ArrayList<>(t.columns);
            Column old = schema.get(i);
            schema.set(i, old.withName(to));
            try {
                t.changeSchema(schema, catalog.now());
            } catch (DataType.ConversionException e) {
                throw new IllegalStateException(e);
            }
            renameDistribution(t, from, to);
            if (t.sequenceMapCol != null && t.sequenceMapCol.equalsIgnoreCase(from)) {
                t.sequenceMapCol = to;
            }
            t.invalidate();
            return QueryResult.ok();
        }

        private void renameDistribution(OlapTable t, String from, String to) {
            // distribution columns are kept by name; rename them with the column
            List<String> copy = new ArrayList<>(t.distributionColumns);
            t.distributionColumns.clear();
            for (String dc : copy) {
                t.distributionColumns.add(dc.equalsIgnoreCase(from) ? to : dc);
            }
        }

        private int indexOf(List<Column> schema, String name) {
            for (int i = 0; i < schema.size(); i++) {
                if (schema.get(i).nameIs(name)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
