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
                    return createTable();
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

        // ------------------------------------------------------------ CREATE TABLE

        private QueryResult createTable() {
            boolean ifNotExists = false;
            if (in.accept("IF")) {
                in.expect("NOT");
                in.expect("EXISTS");
                ifNotExists = true;
            }
            String[] q = in.qualified();
            Catalog.Database d = catalog.db(q[0]);
            in.expectSymbol("(");
            List<Column> cols = new ArrayList<>();
            int uid = 0;
            do {
                if (in.peek().is("INDEX")) {
                    while (!in.peek().isSymbol(",") && !in.peek().isSymbol(")") && in.peek().kind != Kind.EOF) {
                        if (in.acceptSymbol("(")) {
                            while (!in.acceptSymbol(")")) {
                                in.next();
                            }
                        } else {
                            in.next();
                        }
                    }
                    continue;
                }
                cols.add(ColumnDefinitions.columnDef(in, uid++));
            } while (in.acceptSymbol(","));
            in.expectSymbol(")");
            in.accept("ENGINE");
            if (in.acceptSymbol("=")) {
                String engine = in.ident();
                if (!engine.equalsIgnoreCase("OLAP")) {
                    throw new DorisSqlException("the Doris double models only ENGINE=OLAP tables");
                }
            }
            OlapTable.KeysType keysType = OlapTable.KeysType.DUP_KEYS;
            List<String> keyNames = null;
            if (in.accept("UNIQUE")) {
                in.expect("KEY");
                keysType = OlapTable.KeysType.UNIQUE_KEYS;
                keyNames = in.identList();
            } else if (in.accept("DUPLICATE")) {
                in.expect("KEY");
                keyNames = in.identList();
            } else if (in.accept("AGGREGATE")) {
                throw new DorisSqlException("the Doris double does not model AGGREGATE KEY tables");
            }
            String comment = "";
            if (in.accept("COMMENT")) {
                comment = in.next().text;
            }
            if (in.peek().is("PARTITION") || in.peek().is("AUTO")) {
                throw new DorisSqlException("the Doris double does not model partitioned tables");
            }
            List<String> dist = null;
            String buckets = "AUTO";
            boolean random = false;
            if (in.accept("DISTRIBUTED")) {
                in.expect("BY");
                if (in.accept("HASH")) {
                    dist = in.identList();
                } else {
                    in.expect("RANDOM");
                    random = true;
                }
                if (in.accept("BUCKETS")) {
                    if (in.accept("AUTO")) {
                        buckets = "AUTO";
                    } else {
                        Token n = in.next();
                        if (n.kind != Kind.NUMBER) {
                            in.back();
                            throw in.error("a number or AUTO");
                        }
                        buckets = n.text;
                    }
                }
            }
            Map<String, String> props = new LinkedHashMap<>();
            if (in.accept("PROPERTIES")) {
                props = in.properties();
            }
            in.end();

            if (catalog.createDenied.contains(q[0])) {
                throw new DorisSqlException("Access denied; you need (at least one of) the (CREATE) privilege(s) for "
                        + "this operation");
            }
            if (d.tables.containsKey(q[1])) {
                if (ifNotExists) {
                    return QueryResult.ok();
                }
                // FE ErrorCode.ERR_TABLE_EXISTS_ERROR
                throw new DorisSqlException("Table '" + q[1] + "' already exists");
            }
            Set<String> seen = new HashSet<>();
            for (Column c : cols) {
                if (!seen.add(c.name.toLowerCase(Locale.ROOT))) {
                    throw new DorisSqlException("Duplicate column name '" + c.name + "'");
                }
            }
            if (keyNames == null) {
                keyNames = List.of(cols.get(0).name);
            }
            // keys must be an ordered prefix (FE analysis/KeysDesc)
            for (int i = 0; i < keyNames.size(); i++) {
                String k = keyNames.get(i);
                if (cols.stream().noneMatch(c -> c.nameIs(k))) {
                    throw new DorisSqlException("Key column[" + k + "] doesn't exist.");
                }
                if (i >= cols.size() || !cols.get(i).nameIs(k)) {
                    throw new DorisSqlException("Key columns should be a ordered prefix of the schema. KeyColumns["
                            + i + "] (starts from zero) is " + k + ", but corresponding column is "
                            + cols.get(i).name + " in the previous columns declaration.");
                }
            }
            List<Column> schema = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                Column c = cols.get(i);
                boolean key = i < keyNames.size();
                if (key) {
                    checkKeyType(c);
                }
                schema.add(new Column(c.uniqueId, c.name, c.type, key, c.nullable, c.defaultValue, c.comment, true));
            }
            boolean unique = keysType == OlapTable.KeysType.UNIQUE_KEYS;
            if (random && unique) {
                throw new DorisSqlException("Random distribution for unique key table is not supported");
            }
            if (dist == null) {
                dist = random ? List.of() : new ArrayList<>(keyNames);
            }
            for (String dc : dist) {
                Column c = schema.stream().filter(x -> x.nameIs(dc)).findFirst().orElse(null);
                if (c == null) {
                    throw new DorisSqlException("Distribution column(" + dc + ") doesn't exist.");
                }
                if (unique && !c.key) {
                    throw new DorisSqlException("Distribution column[" + dc + "] is not key column");
                }
            }
            // replication: one BE (docs "CREATE-TABLE": replication_num defaults to 3)
            int replicas = 3;
            if (props.containsKey("replication_num")) {
                replicas = parseInt(props.get("replication_num"), "replication_num");
            } else if (props.containsKey("replication_allocation")) {
                String a = props.get("replication_allocation");
                replicas = parseInt(a.substring(a.lastIndexOf(':') + 1).trim(), "replication_allocation");
            }
            if (replicas > catalog.backends) {
                throw new DorisSqlException("Failed to find enough backend, please check the replication num,"
                        + "replication tag and storage medium and avail capacity of backends or maybe all be on "
                        + "this node are in decommission status.\nCreate failed replications:\nreplication tag: "
                        + "{\"location\" : \"default\"}, replication num: " + replicas + ", storage medium: HDD");
            }
            boolean mow = unique && !"false".equalsIgnoreCase(props.getOrDefault(
                    "enable_unique_key_merge_on_write", "true"));
            boolean light = !"false".equalsIgnoreCase(props.getOrDefault("light_schema_change", "true"));
            String seqType = props.get("function_column.sequence_type");
            String seqCol = props.get("function_column.sequence_col");
            if ((seqType != null || seqCol != null) && !unique) {
                throw new DorisSqlException("sequence column only support UNIQUE_KEYS");
            }
            if (seqCol != null) {
                Column c = schema.stream().filter(x -> x.nameIs(seqCol)).findFirst().orElse(null);
                if (c == null) {
                    throw new DorisSqlException("The specified sequence column[" + seqCol + "] not exists");
                }
                checkSequenceType(c.type);
            }
            int next = schema.size();
            if (unique) {
                schema.add(new Column(next++, Column.DELETE_SIGN, DataType.of(DataType.Kind.TINYINT), false, false,
                        "0", "", false));
                if (seqType != null && seqCol == null) {
                    DataType st = ColumnDefinitions.type(new SqlParser(seqType, null));
                    checkSequenceType(st);
                    schema.add(new Column(next++, Column.SEQUENCE_COL, st, false, true, null, "", false));
                }
                schema.add(new Column(next, Column.VERSION_COL, DataType.of(DataType.Kind.BIGINT), false, false,
                        "0", "", false));
            }
            Map<String, String> stored = new LinkedHashMap<>();
            stored.put("replication_allocation", "tag.location.default: " + replicas);
            if (unique) {
                stored.put("enable_unique_key_merge_on_write", String.valueOf(mow));
            }
            stored.put("light_schema_change", String.valueOf(light));
            for (Map.Entry<String, String> e : props.entrySet()) {
                if (!e.getKey().equals("replication_num") && !e.getKey().equals("replication_allocation")) {
                    stored.put(e.getKey(), e.getValue());
                }
            }
            OlapTable t = new OlapTable(catalog.nextId(), d.name, q[1], keysType, schema, dist, buckets, stored,
                    comment, seqCol == null ? null : schema.stream().filter(x -> x.nameIs(seqCol)).findFirst()
                    .get().name, light, mow, catalog.now());
            d.tables.put(t.name, t);
            return QueryResult.ok();
        }

        private void checkKeyType(Column c) {
            // FE analysis/ColumnDef
            switch (c.type.kind) {
                case FLOAT:
                case DOUBLE:
                    throw new DorisSqlException("Float or double can not used as a key, use decimal instead.");
                case STRING:
                    throw new DorisSqlException("String Type should not be used in key column[" + c.name + "].");
                case JSON:
                    throw new DorisSqlException("JsonType type should not be used in key column[" + c.name + "].");
                default:
            }
        }

        private void checkSequenceType(DataType t) {
            if (!t.kind.isInteger() && t.kind != DataType.Kind.DATE && t.kind != DataType.Kind.DATETIME) {
                throw new DorisSqlException("sequence type only support integer types and date types");
            }
        }

        private int parseInt(String s, String what) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new DorisSqlException("Invalid " + what + ": " + s);
            }
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
                checkTypeChange(old.type, mod.type);
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

        /** FE catalog/ColumnType.checkSupportSchemaChange and checkForTypeLengthChange. */
        private void checkTypeChange(DataType src, DataType dst) {
            DataType.Kind s = src.kind;
            DataType.Kind d = dst.kind;
            if ((s == DataType.Kind.VARCHAR || s == DataType.Kind.CHAR) && s == d) {
                if (dst.length < src.length) {
                    throw new DorisSqlException("Shorten type length is prohibited, srcType=" + src.toSql()
                            + ", dstType=" + dst.toSql());
                }
                return;
            }
            if (d == DataType.Kind.STRING && (s.isStringLike() || s.isNumeric() || s == DataType.Kind.DATE
                    || s == DataType.Kind.DATETIME || s == DataType.Kind.BOOLEAN)) {
                return;
            }
            if (s.isInteger() && d.isInteger()) {
                if (dst.integerRank() < src.integerRank()) {
                    throw narrower(src, dst);
                }
                return;
            }
            if (s.isInteger() && (d == DataType.Kind.DOUBLE || d == DataType.Kind.DECIMAL
                    || d == DataType.Kind.FLOAT)) {
                return;
            }
            if (s.isInteger() && (d == DataType.Kind.VARCHAR || d == DataType.Kind.CHAR)) {
                int need = new int[] {0, 4, 6, 11, 20, 40}[src.integerRank()];
                if (dst.length < need) {
                    throw narrower(src, dst);
                }
                return;
            }
            if (s == DataType.Kind.FLOAT && d == DataType.Kind.DOUBLE) {
                return;
            }
            if (s == DataType.Kind.DOUBLE && d == DataType.Kind.FLOAT) {
                throw narrower(src, dst);
            }
            if (s == DataType.Kind.DECIMAL && d == DataType.Kind.DECIMAL) {
                if (dst.scale < src.scale || dst.length - dst.scale < src.length - src.scale) {
                    throw narrower(src, dst);
                }
                return;
            }
            if (s == DataType.Kind.DATE && d == DataType.Kind.DATETIME) {
                return;
            }
            if (s == DataType.Kind.DATETIME && d == DataType.Kind.DATETIME) {
                if (dst.length < src.length) {
                    throw narrower(src, dst);
                }
                return;
            }
            if (s == DataType.Kind.STRING && (d == DataType.Kind.VARCHAR || d == DataType.Kind.CHAR)) {
                throw narrower(src, dst);
            }
            if ((s == DataType.Kind.VARCHAR || s == DataType.Kind.CHAR) && (d.isNumeric()
                    || d == DataType.Kind.DATE || d == DataType.Kind.DATETIME || d == DataType.Kind.VARCHAR)) {
                return; // converted by the job; a value that does not convert cancels it
            }
            throw new DorisSqlException("Can not change " + src.toSql().toUpperCase(Locale.ROOT) + " to "
                    + dst.toSql().toUpperCase(Locale.ROOT));
        }

        private DorisSqlException narrower(DataType src, DataType dst) {
            return new DorisSqlException("Can not change from wider type " + src.toSql() + " to narrower type "
                    + dst.toSql());
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

