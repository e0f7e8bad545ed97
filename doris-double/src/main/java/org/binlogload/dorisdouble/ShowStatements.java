package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs DESCRIBE and the SHOW statements that read the catalog: databases, tables, CREATE TABLE and backends (docs
 * "DESCRIBE", "SHOW-CREATE-TABLE", "SHOW-BACKENDS").
 */
final class ShowStatements {
    private final Catalog catalog;
    private final SqlParser in;

    ShowStatements(Catalog catalog, SqlParser in) {
        this.catalog = catalog;
        this.in = in;
    }

    QueryResult describe() {
        String[] q = in.qualified();
        boolean all = in.accept("ALL");
        in.end();
        OlapTable t = catalog.table(q[0], q[1]);
        List<List<String>> rows = new ArrayList<>();
        if (!all) {
            for (Column c : t.visibleColumns()) {
                rows.add(Arrays.asList(c.name, c.type.toSql(), c.nullable ? "Yes" : "No", String.valueOf(c.key),
                        c.defaultValue, c.key || !t.isUnique() ? "" : "NONE"));
            }
            return QueryResult.resultSet(List.of("Field", "Type", "Null", "Key", "Default", "Extra"), rows);
        }
        boolean firstRow = true;
        for (Column c : t.visibleColumns()) {
            rows.add(Arrays.asList(firstRow ? t.name : "", firstRow ? t.keysType.name() : "", c.name, c.type.toSql(),
                    c.type.internalName(), c.nullable ? "Yes" : "No", String.valueOf(c.key), c.defaultValue,
                    c.key || !t.isUnique() ? "" : "NONE", "true", "", ""));
            firstRow = false;
        }
        return QueryResult.resultSet(List.of("IndexName", "IndexKeysType", "Field", "Type", "InternalType",
                "Null", "Key", "Default", "Extra", "Visible", "DefineExpr", "WhereClause"), rows);
    }

    QueryResult show() {
        if (in.accept("DATABASES") || in.accept("SCHEMAS")) {
            in.end();
            List<List<String>> rows = new ArrayList<>();
            for (String name : catalog.databases().keySet()) {
                rows.add(Arrays.asList(name));
            }
            return QueryResult.resultSet(List.of("Database"), rows);
        }
        if (in.accept("FULL")) {
            in.expect("TABLES");
            return showTables();
        }
        if (in.accept("TABLES")) {
            return showTables();
        }
        if (in.accept("CREATE")) {
            in.expect("TABLE");
            String[] q = in.qualified();
            in.end();
            OlapTable t = catalog.table(q[0], q[1]);
            return QueryResult.resultSet(List.of("Table", "Create Table"), List.of(Arrays.asList(t.name, ddl(t))));
        }
        if (in.accept("ALTER")) {
            in.expect("TABLE");
            in.expect("COLUMN");
            return new SchemaChangeJobs(catalog, in).showAlter();
        }
        if (in.accept("BACKENDS")) {
            // docs "SHOW-BACKENDS": one row per BE; the connector reads Alive (first columns only modelled)
            in.end();
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < catalog.backends; i++) {
                rows.add(Arrays.asList(String.valueOf(10001 + i), "127.0.0.1", "9050", "9060", "8040", "8060", "true"));
            }
            return QueryResult.resultSet(List.of("BackendId", "Host", "HeartbeatPort", "BePort", "HttpPort",
                    "BrpcPort", "Alive"), rows);
        }
        throw in.error("{'ALTER', 'BACKENDS', 'CREATE', 'DATABASES', 'TABLES'}");
    }

    private QueryResult showTables() {
        String db = in.sessionDb();
        if (in.accept("FROM") || in.accept("IN")) {
            db = in.ident();
        }
        if (db == null || db.isEmpty()) {
            // FE ShowTableStmt.analyze: Strings.isNullOrEmpty, ErrorCode.ERR_NO_DB_ERROR
            throw new DorisSqlException("No database selected");
        }
        in.end();
        List<List<String>> rows = new ArrayList<>();
        for (String name : catalog.db(db).tables.keySet()) {
            rows.add(Arrays.asList(name));
        }
        return QueryResult.resultSet(List.of("Tables_in_" + db), rows);
    }

    private String ddl(OlapTable t) {
        StringBuilder sb = new StringBuilder("CREATE TABLE `").append(t.name).append("` (\n");
        List<Column> vis = t.visibleColumns();
        for (int i = 0; i < vis.size(); i++) {
            Column c = vis.get(i);
            sb.append("  `").append(c.name).append("` ").append(c.type.toSql())
                    .append(c.nullable ? " NULL" : " NOT NULL");
            if (c.defaultValue != null) {
                sb.append(c.defaultValue.equals("CURRENT_TIMESTAMP") ? " DEFAULT CURRENT_TIMESTAMP"
                        : " DEFAULT \"" + c.defaultValue + "\"");
            }
            if (!c.comment.isEmpty()) {
                sb.append(" COMMENT \"").append(c.comment).append('"');
            }
            sb.append(i + 1 < vis.size() ? ",\n" : "\n");
        }
        sb.append(") ENGINE=OLAP\n");
        StringBuilder keys = new StringBuilder();
        for (Column c : t.keyColumns()) {
            keys.append(keys.length() == 0 ? "" : ", ").append('`').append(c.name).append('`');
        }
        sb.append(t.isUnique() ? "UNIQUE KEY(" : "DUPLICATE KEY(").append(keys).append(")\n");
        sb.append("COMMENT '").append(t.comment.isEmpty() ? "OLAP" : t.comment).append("'\n");
        if (t.distributionColumns.isEmpty()) {
            sb.append("DISTRIBUTED BY RANDOM");
        } else {
            StringBuilder d = new StringBuilder();
            for (String c : t.distributionColumns) {
                d.append(d.length() == 0 ? "" : ", ").append('`').append(c).append('`');
            }
            sb.append("DISTRIBUTED BY HASH(").append(d).append(')');
        }
        sb.append(" BUCKETS ").append(t.buckets).append('\n');
        sb.append("PROPERTIES (\n");
        int i = 0;
        for (Map.Entry<String, String> e : t.properties.entrySet()) {
            sb.append('"').append(e.getKey()).append("\" = \"").append(e.getValue()).append('"')
                    .append(++i < t.properties.size() ? ",\n" : "\n");
        }
        sb.append(");");
        return sb.toString();
    }
}
