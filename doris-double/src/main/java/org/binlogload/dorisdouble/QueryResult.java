package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to one statement, shaped as {@code POST /api/query/default_cluster/{db}} returns it (FE
 * {@code httpv2/rest/StmtExecutionAction}): a result set with column names and rows of strings, or an exec status.
 */
public final class QueryResult {
    private final boolean resultSet;
    private final List<String> columns;
    private final List<String> types;
    private final List<List<String>> rows;

    private QueryResult(boolean resultSet, List<String> columns, List<String> types, List<List<String>> rows) {
        this.resultSet = resultSet;
        this.columns = List.copyOf(columns);
        this.types = List.copyOf(types);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
        }
        this.rows = Collections.unmodifiableList(copy);
    }

    /** A result set with the given column names (all typed CHAR) and rows. */
    public static QueryResult resultSet(List<String> columns, List<List<String>> rows) {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            types.add("CHAR");
        }
        return new QueryResult(true, columns, types, rows);
    }

    /** A result set with explicit column types. */
    static QueryResult resultSet(List<String> columns, List<String> types, List<List<String>> rows) {
        return new QueryResult(true, columns, types, rows);
    }

    /** The answer of a statement that returns no rows (DDL). */
    public static QueryResult ok() {
        return new QueryResult(false, List.of(), List.of(), List.of());
    }

    /** True when the statement returned a result set; false for DDL ({@code "type":"exec_status"}). */
    public boolean isResultSet() {
        return resultSet;
    }

    /** Column names, in order. */
    public List<String> columns() {
        return columns;
    }

    /** Column types as the meta of the HTTP answer names them. */
    public List<String> types() {
        return types;
    }

    /** Rows of string values (null for SQL NULL). */
    public List<List<String>> rows() {
        return rows;
    }

    /** Rows as maps from column name to value, in column order. */
    public List<Map<String, String>> rowMaps() {
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> r : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                m.put(columns.get(i), r.get(i));
            }
            out.add(m);
        }
        return out;
    }

    /** The value in row {@code row} of column {@code column}. */
    public String value(int row, String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + columns);
        }
        return rows.get(row).get(i);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryResult && ((QueryResult) o).resultSet == resultSet
                && ((QueryResult) o).columns.equals(columns) && ((QueryResult) o).rows.equals(rows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(resultSet, columns, rows);
    }

    @Override
    public String toString() {
        return resultSet ? "QueryResult" + columns + rows : "QueryResult[ok]";
    }
}
