package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table: its schema, key model and properties, with its data in {@link #rows}. Not thread-safe; {@link Catalog}
 * guards it.
 */
final class OlapTable {
    enum KeysType { UNIQUE_KEYS, DUP_KEYS }

    final long id;
    final String db;
    String name;
    final KeysType keysType;
    List<Column> columns;
    final List<String> distributionColumns;
    final String buckets;
    final Map<String, String> properties;
    final String comment;
    final long createTime;
    /** The value column mapped by {@code function_column.sequence_col}, or null. */
    String sequenceMapCol;
    final boolean lightSchemaChange;
    final boolean mergeOnWrite;
    String state = "NORMAL";
    int nextUniqueId;
    int schemaVersion;

    /** The visible data, merged as {@link #keysType} says. */
    final TableRows rows = new TableRows(this);

    OlapTable(long id, String db, String name, KeysType keysType, List<Column> columns,
              List<String> distributionColumns, String buckets, Map<String, String> properties, String comment,
              String sequenceMapCol, boolean lightSchemaChange, boolean mergeOnWrite, long createTime) {
        this.id = id;
        this.db = db;
        this.name = name;
        this.keysType = keysType;
        this.columns = List.copyOf(columns);
        this.distributionColumns = new ArrayList<>(distributionColumns);
        this.buckets = buckets;
        this.properties = new LinkedHashMap<>(properties);
        this.comment = comment;
        this.sequenceMapCol = sequenceMapCol;
        this.lightSchemaChange = lightSchemaChange;
        this.mergeOnWrite = mergeOnWrite;
        this.createTime = createTime;
        int max = 0;
        for (Column c : columns) {
            max = Math.max(max, c.uniqueId);
        }
        this.nextUniqueId = max + 1;
    }

    boolean isUnique() {
        return keysType == KeysType.UNIQUE_KEYS;
    }

    int indexOf(String colName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).nameIs(colName)) {
                return i;
            }
        }
        return -1;
    }

    List<Column> visibleColumns() {
        List<Column> out = new ArrayList<>();
        for (Column c : columns) {
            if (c.visible) {
                out.add(c);
            }
        }
        return out;
    }

    List<Column> keyColumns() {
        List<Column> out = new ArrayList<>();
        for (Column c : columns) {
            if (c.key) {
                out.add(c);
            }
        }
        return out;
    }

    /** The index of the column whose value orders rows of one key, or -1. */
    int sequenceIndex() {
        if (sequenceMapCol != null) {
            return indexOf(sequenceMapCol);
        }
        return indexOf(Column.SEQUENCE_COL);
    }

    /** For each current column, the index of the same column (by unique id) in {@code snapshot}, or -1. */
    int[] mapFrom(List<Column> snapshot) {
        return positions(columns, snapshot);
    }

    private static int[] positions(List<Column> to, List<Column> from) {
        int[] map = new int[to.size()];
        for (int i = 0; i < to.size(); i++) {
            map[i] = -1;
            for (int j = 0; j < from.size(); j++) {
                if (from.get(j).uniqueId == to.get(i).uniqueId) {
                    map[i] = j;
                    break;
                }
            }
        }
        return map;
    }

    /**
     * Replaces the schema and rewrites the stored rows into it (values are converted to changed types).
     *
     * @throws DataType.ConversionException when a stored value does not convert (the job is cancelled)
     */
    void changeSchema(List<Column> newColumns, long nowMillis) throws DataType.ConversionException {
        List<Object[]> rewritten = rows.rewrite(columns, newColumns, positions(newColumns, columns), nowMillis);
        columns = List.copyOf(newColumns);
        schemaVersion++;
        rows.replaceAll(rewritten);
    }
}
