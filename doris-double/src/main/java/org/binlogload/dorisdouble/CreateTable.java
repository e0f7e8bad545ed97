package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.binlogload.dorisdouble.SqlLexer.Kind;
import org.binlogload.dorisdouble.SqlLexer.Token;

/**
 * Runs CREATE TABLE (docs "CREATE-TABLE"): parses the definition, validates it as FE does and adds the
 * {@link OlapTable} to the catalog.
 */
final class CreateTable {
    private final Catalog catalog;
    private final SqlParser in;

    CreateTable(Catalog catalog, SqlParser in) {
        this.catalog = catalog;
        this.in = in;
    }

    QueryResult execute() {
        boolean ifNotExists = false;
        if (in.accept("IF")) {
            in.expect("NOT");
            in.expect("EXISTS");
            ifNotExists = true;
        }
        String[] q = in.qualified();
        Catalog.Database d = catalog.db(q[0]);
        List<Column> cols = columnList();
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
        keyNames = checkKeys(cols, keyNames);
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
        int replicas = replicationNum(props);
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
        Map<String, String> stored = storedProperties(props, replicas, unique, mow, light);
        OlapTable t = new OlapTable(catalog.nextId(), d.name, q[1], keysType, schema, dist, buckets, stored,
                comment, seqCol == null ? null : schema.stream().filter(x -> x.nameIs(seqCol)).findFirst()
                .get().name, light, mow, catalog.now());
        d.tables.put(t.name, t);
        return QueryResult.ok();
    }

    /** The parenthesised column definitions, then the INDEX definitions, which are skipped. */
    private List<Column> columnList() {
        in.expectSymbol("(");
        List<Column> cols = new ArrayList<>();
        int uid = 0;
        boolean indexes = false;
        do {
            // one or more columns, then the indexes (FE nereids/DorisParser.g4: columnDefs (COMMA indexDefs)?)
            if (cols.isEmpty() && in.peek().is("INDEX")) {
                throw in.error("a column definition");
            }
            if (indexes && !in.peek().is("INDEX")) {
                throw in.error("an INDEX definition or ')'");
            }
            if (in.peek().is("INDEX")) {
                indexes = true;
                while (!in.peek().isSymbol(",") && !in.peek().isSymbol(")") && in.peek().kind != Kind.EOF) {
                    if (in.acceptSymbol("(")) {
                        while (!in.acceptSymbol(")")) {
                            if (in.peek().kind == Kind.EOF) {
                                throw in.error("')'");
                            }
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
        return cols;
    }

    /** Checks column names are unique and the keys (the first column by default) an ordered prefix. */
    private List<String> checkKeys(List<Column> cols, List<String> keyNames) {
        Set<String> seen = new HashSet<>();
        for (Column c : cols) {
            if (!seen.add(c.name.toLowerCase(Locale.ROOT))) {
                throw new DorisSqlException("Duplicate column name '" + c.name + "'");
            }
        }
        if (keyNames == null) {
            keyNames = List.of(cols.get(0).name);
        }
        // FE nereids CreateTableInfo.validateKeyColumns: the count first, so a key named twice fails here or below
        if (keyNames.size() > cols.size()) {
            throw new DorisSqlException("The number of key columns should be less than the number of columns.");
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
        return keyNames;
    }

    /** The replica count the properties ask for; more than there are backends fails the statement. */
    private int replicationNum(Map<String, String> props) {
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
        return replicas;
    }

    /** The table properties as stored: replication, merge-on-write, light schema change, then the rest. */
    private Map<String, String> storedProperties(Map<String, String> props, int replicas, boolean unique,
            boolean mow, boolean light) {
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
        return stored;
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
}
