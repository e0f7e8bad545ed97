package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs INSERT INTO ... VALUES as one strict load transaction. */
final class InsertValues {
    private final Catalog catalog;
    private final SqlParser in;

    InsertValues(Catalog catalog, SqlParser in) {
        this.catalog = catalog;
        this.in = in;
    }

    /**
     * INSERT INTO t [(cols)] VALUES (...), ... [WITH LABEL l is not parsed]: one load transaction, strict as
     * {@code enable_insert_strict} (docs "INSERT"): any filtered row fails the statement and nothing is stored.
     */
    QueryResult insert() {
        in.expect("INTO");
        String[] q = in.qualified();
        OlapTable t = catalog.table(q[0], q[1]);
        List<String> cols = new ArrayList<>();
        if (in.peek().isSymbol("(")) {
            cols.addAll(in.identList());
        } else {
            for (Column c : t.visibleColumns()) {
                cols.add(c.name);
            }
        }
        in.expect("VALUES");
        List<Map<String, Object>> rows = new ArrayList<>();
        do {
            in.expectSymbol("(");
            Map<String, Object> row = new LinkedHashMap<>();
            int i = 0;
            do {
                if (i >= cols.size()) {
                    throw new DorisSqlException("Column count doesn't match value count");
                }
                row.put(cols.get(i++), in.literal());
            } while (in.acceptSymbol(","));
            in.expectSymbol(")");
            if (i != cols.size()) {
                throw new DorisSqlException("Column count doesn't match value count");
            }
            rows.add(row);
        } while (in.acceptSymbol(","));
        in.end();
        Txn txn;
        try {
            txn = catalog.begin(q[0], t.name, null, false);
        } catch (Catalog.LabelAlreadyUsed e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> headers = Map.of("format", "json", "strict_mode", "true",
                "columns", String.join(",", cols));
        StreamLoad load;
        try {
            load = new StreamLoad(txn, t, headers::get, catalog.now());
        } catch (StreamLoad.LoadException e) {
            catalog.abort(txn, e.getMessage());
            throw new DorisSqlException(e.getMessage());
        }
        for (Map<String, Object> row : rows) {
            Map<String, Object> converted = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : row.entrySet()) {
                Object v = e.getValue();
                converted.put(e.getKey(), "TRUE".equals(v) ? Boolean.TRUE : "FALSE".equals(v) ? Boolean.FALSE : v);
            }
            load.value(converted, null);
        }
        if (load.filteredRows > 0) {
            catalog.abort(txn, "filtered");
            txn.dropStaged();
            throw new DorisSqlException("Insert has filtered data in strict mode. url: first filtered row: "
                    + load.errors.get(0));
        }
        catalog.commitLoad(txn, false);
        return QueryResult.ok();
    }
}
