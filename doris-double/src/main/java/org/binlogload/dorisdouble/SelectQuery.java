package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.binlogload.dorisdouble.SqlLexer.Kind;

/**
 * Runs the SELECT subset the double models: columns, * or COUNT(*) of one table, with WHERE col = or != literal
 * (AND ...), ORDER BY and LIMIT.
 */
final class SelectQuery {
    private final Catalog catalog;
    private final SqlParser in;

    SelectQuery(Catalog catalog, SqlParser in) {
        this.catalog = catalog;
        this.in = in;
    }

    QueryResult select() {
        List<String> items = new ArrayList<>();
        boolean count = false;
        boolean star = false;
        if (in.acceptSymbol("*")) {
            star = true;
        } else if (in.peek().is("COUNT") && in.peek(1).isSymbol("(")) {
            in.next();
            in.next();
            if (!in.acceptSymbol("*")) {
                in.ident();
            }
            in.expectSymbol(")");
            count = true;
        } else if (in.peek().kind == Kind.NUMBER || in.peek().kind == Kind.STRING) {
            String v = in.next().text;
            in.end();
            return QueryResult.resultSet(List.of(v), List.of(Arrays.asList(v)));
        } else {
            do {
                items.add(in.ident());
            } while (in.acceptSymbol(","));
        }
        in.expect("FROM");
        String[] q = in.qualified();
        OlapTable t = catalog.table(q[0], q[1]);
        List<Object[]> rows = t.rows.visibleRows();
        if (in.accept("WHERE")) {
            do {
                String c = in.ident();
                int i = t.indexOf(c);
                if (i < 0 || !t.columns.get(i).visible) {
                    throw new DorisSqlException("Unknown column '" + c + "' in 'table list'");
                }
                boolean neq = false;
                if (in.acceptSymbol("!=")) {
                    neq = true;
                } else {
                    in.expectSymbol("=");
                }
                String v = in.literal();
                Column col = t.columns.get(i);
                List<Object[]> kept = new ArrayList<>();
                for (Object[] r : rows) {
                    String have = col.type.format(r[i]);
                    boolean eq = have != null && v != null && (have.equals(v) || numericEquals(have, v));
                    if (eq != neq) {
                        kept.add(r);
                    }
                }
                rows = kept;
            } while (in.accept("AND"));
        }
        List<int[]> order = new ArrayList<>();
        if (in.accept("ORDER")) {
            in.expect("BY");
            do {
                String c = in.ident();
                int i = t.indexOf(c);
                if (i < 0) {
                    throw new DorisSqlException("Unknown column '" + c + "' in 'table list'");
                }
                int dir = in.accept("DESC") ? -1 : 1;
                in.accept("ASC");
                order.add(new int[] {i, dir});
            } while (in.acceptSymbol(","));
        }
        long limit = Long.MAX_VALUE;
        if (in.accept("LIMIT")) {
            limit = Long.parseLong(in.next().text);
        }
        in.end();
        if (count) {
            return QueryResult.resultSet(List.of("count(*)"), List.of("BIGINT"),
                    List.of(Arrays.asList(String.valueOf(rows.size()))));
        }
        if (!order.isEmpty()) {
            rows = new ArrayList<>(rows);
            rows.sort((a, b) -> {
                for (int[] o : order) {
                    int c = TableRows.VALUE_ORDER.compare(a[o[0]], b[o[0]]);
                    if (c != 0) {
                        return c * o[1];
                    }
                }
                return 0;
            });
        }
        List<Integer> idx = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        if (star) {
            for (int i = 0; i < t.columns.size(); i++) {
                if (t.columns.get(i).visible) {
                    idx.add(i);
                }
            }
        } else {
            for (String c : items) {
                int i = t.indexOf(c);
                if (i < 0 || !t.columns.get(i).visible) {
                    throw new DorisSqlException("Unknown column '" + c + "' in 'table list'");
                }
                idx.add(i);
            }
        }
        for (int i : idx) {
            names.add(t.columns.get(i).name);
            types.add(t.columns.get(i).type.internalName().replaceAll("\\(.*", ""));
        }
        List<List<String>> out = new ArrayList<>();
        for (Object[] r : rows) {
            if (out.size() >= limit) {
                break;
            }
            List<String> row = new ArrayList<>();
            for (int i : idx) {
                row.add(t.columns.get(i).type.format(r[i]));
            }
            out.add(row);
        }
        return QueryResult.resultSet(names, types, out);
    }

    private boolean numericEquals(String a, String b) {
        try {
            return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
