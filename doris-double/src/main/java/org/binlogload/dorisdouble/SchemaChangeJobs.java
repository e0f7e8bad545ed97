package org.binlogload.dorisdouble;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Runs the statements on heavy schema-change jobs: SHOW ALTER TABLE COLUMN and CANCEL ALTER TABLE COLUMN. */
final class SchemaChangeJobs {
    private static final DateTimeFormatter SHOW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final Catalog catalog;
    private final SqlParser in;

    SchemaChangeJobs(Catalog catalog, SqlParser in) {
        this.catalog = catalog;
        this.in = in;
    }

    QueryResult cancelAlter() {
        in.expect("ALTER");
        in.expect("TABLE");
        in.expect("COLUMN");
        in.expect("FROM");
        String[] q = in.qualified();
        in.end();
        OlapTable t = catalog.table(q[0], q[1]);
        for (SchemaChangeJob j : catalog.jobs) {
            if (j.tableId == t.id && !j.done()) {
                j.cancel("user cancelled", catalog.now());
                t.state = "NORMAL";
                return QueryResult.ok();
            }
        }
        throw new DorisSqlException("Table[" + t.name + "] is not under SCHEMA_CHANGE.");
    }

    private String time(long millis) {
        return millis < 0 ? "N/A" : LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault())
                .format(SHOW_TIME);
    }

    /** SHOW ALTER TABLE COLUMN [FROM db] [WHERE ...] [ORDER BY ...] [LIMIT n] (docs "SHOW-ALTER"). */
    QueryResult showAlter() {
        String db = in.sessionDb();
        if (in.accept("FROM") || in.accept("IN")) {
            db = in.ident();
        }
        if (db == null || db.isEmpty()) {
            // FE ShowAlterStmt.analyzeSyntax: Strings.isNullOrEmpty, ErrorCode.ERR_NO_DB_ERROR
            throw new DorisSqlException("No database selected");
        }
        catalog.db(db);
        List<String> cols = List.of("JobId", "TableName", "CreateTime", "FinishTime", "IndexName", "IndexId",
                "OriginIndexId", "SchemaVersion", "TransactionId", "State", "Msg", "Progress", "Timeout");
        List<String[]> filters = new ArrayList<>();
        if (in.accept("WHERE")) {
            do {
                String c = in.ident();
                String op = in.peek().isSymbol("!=") ? "!=" : "=";
                if (!in.acceptSymbol("=") && !in.acceptSymbol("!=")) {
                    throw in.error("'='");
                }
                String v = in.literal();
                String col = cols.stream().filter(x -> x.equalsIgnoreCase(c)).findFirst().orElseThrow(
                        () -> new DorisSqlException("The columns of TableName/IndexName/CreateTime/FinishTime/"
                                + "State are supported."));
                filters.add(new String[] {col, op, v});
            } while (in.accept("AND"));
        }
        String orderCol = null;
        boolean desc = false;
        if (in.accept("ORDER")) {
            in.expect("BY");
            String c = in.ident();
            orderCol = cols.stream().filter(x -> x.equalsIgnoreCase(c)).findFirst().orElseThrow(
                    () -> new DorisSqlException("Title name[" + c + "] does not exist"));
            if (in.accept("DESC")) {
                desc = true;
            } else {
                in.accept("ASC");
            }
        }
        long limit = Long.MAX_VALUE;
        if (in.accept("LIMIT")) {
            limit = Long.parseLong(in.next().text);
        }
        in.end();
        List<List<String>> rows = new ArrayList<>();
        for (SchemaChangeJob j : catalog.jobs) {
            if (!j.db.equals(db)) {
                continue;
            }
            List<String> r = Arrays.asList(String.valueOf(j.jobId), j.tableName, time(j.createTime),
                    time(j.finishTime), j.tableName, String.valueOf(j.jobId + 1), String.valueOf(j.tableId),
                    j.schemaVersion + ":" + Math.abs(j.newColumns.hashCode()),
                    String.valueOf(j.watershedTxnId), j.state.name(), j.msg, j.progress(),
                    String.valueOf(j.timeoutSeconds));
            boolean keep = true;
            for (String[] f : filters) {
                boolean eq = f[2] != null && f[2].equals(r.get(cols.indexOf(f[0])));
                keep &= f[1].equals("=") == eq;
            }
            if (keep) {
                rows.add(r);
            }
        }
        if (orderCol != null) {
            int i = cols.indexOf(orderCol);
            Comparator<List<String>> cmp = i == 0 || i == 5 || i == 6 || i == 8
                    ? Comparator.comparingLong(r -> Long.parseLong(r.get(i)))
                    : Comparator.comparing(r -> r.get(i));
            if (i == 2) {
                cmp = Comparator.<List<String>, String>comparing(r -> r.get(2))
                        .thenComparingLong(r -> Long.parseLong(r.get(0)));
            }
            rows.sort(desc ? cmp.reversed() : cmp);
        }
        if (rows.size() > limit) {
            rows = new ArrayList<>(rows.subList(0, (int) limit));
        }
        return QueryResult.resultSet(cols, rows);
    }
}
