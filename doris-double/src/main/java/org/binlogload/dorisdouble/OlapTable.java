package org.binlogload.dorisdouble;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table: its schema and its visible data. Not thread-safe; {@link Catalog} guards it.
 *
 * <p>UNIQUE KEY tables follow the docs "data-model/unique" (merge-on-write): one row per key, the last load wins,
 * the delete sign removes the key, and with a sequence column (docs "sequence-column-manual") a row whose sequence
 * is lower than the stored one is ignored (an equal one replaces it: BE {@code Segment::lookup_row_key} refuses only a
 * lower sequence); a delete then stays as a marker carrying its sequence until {@link #baseCompaction()}.
 * DUPLICATE KEY tables keep every row.
 */
final class OlapTable {
    enum KeysType { UNIQUE_KEYS, DUP_KEYS }

    static final Comparator<Object> VALUE_ORDER = (a, b) -> {
        if (a == b) {
            return 0;
        }
        if (a == null) {
            return -1;
        }
        if (b == null) {
            return 1;
        }
        @SuppressWarnings("unchecked")
        Comparable<Object> ca = (Comparable<Object>) a;
        return ca.compareTo(b);
    };

    static final Comparator<Object[]> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < a.length; i++) {
            int c = VALUE_ORDER.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

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

    private TreeMap<Object[], Object[]> unique = new TreeMap<>(KEY_ORDER);
    /** Cached per schema: key count, delete sign, version and sequence positions (-1 when absent). */
    private List<Column> cachedFor;
    private int cKeys;
    private int cDel;
    private int cVer;
    private int cSeq;

    private void cache() {
        if (cachedFor == columns) {
            return;
        }
        cKeys = 0;
        for (Column c : columns) {
            if (c.key) {
                cKeys++;
            }
        }
        cDel = indexOf(Column.DELETE_SIGN);
        cVer = indexOf(Column.VERSION_COL);
        cSeq = sequenceIndex();
        cachedFor = columns;
    }
    private final List<Object[]> duplicate = new ArrayList<>();

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

    Column column(String colName) {
        for (Column c : columns) {
            if (c.nameIs(colName)) {
                return c;
            }
        }
        return null;
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

    boolean hasSequence() {
        return sequenceMapCol != null || column(Column.SEQUENCE_COL) != null;
    }

    /** The index of the column whose value orders rows of one key, or -1. */
    int sequenceIndex() {
        if (sequenceMapCol != null) {
            return indexOf(sequenceMapCol);
        }
        return indexOf(Column.SEQUENCE_COL);
    }

    /** The stored default of a column, as Doris fills a column a load or a schema change leaves out. */
    static Object defaultOf(Column c, long nowMillis) {
        if (c.defaultValue == null) {
            return null;
        }
        String d = c.defaultValue;
        if (d.equalsIgnoreCase("CURRENT_TIMESTAMP")) {
            LocalDateTime now = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(nowMillis),
                    java.time.ZoneId.systemDefault());
            try {
                return c.type.convert(now);
            } catch (DataType.ConversionException e) {
                return null;
            }
        }
        try {
            return c.type.convert(d);
        } catch (DataType.ConversionException e) {
            return null;
        }
    }

    /** Visible rows ordered by key (DUPLICATE KEY tables: by all columns in order). */
    List<Object[]> visibleRows() {
        List<Object[]> out = new ArrayList<>();
        if (isUnique()) {
            int del = indexOf(Column.DELETE_SIGN);
            for (Object[] r : unique.values()) {
                if (del < 0 || !isDeleted(r[del])) {
                    out.add(r);
                }
            }
        } else {
            out.addAll(duplicate);
            out.sort(KEY_ORDER);
        }
        return out;
    }

    long visibleCount() {
        if (!isUnique()) {
            return duplicate.size();
        }
        int del = indexOf(Column.DELETE_SIGN);
        if (del < 0) {
            return unique.size();
        }
        long n = 0;
        for (Object[] r : unique.values()) {
            if (!isDeleted(r[del])) {
                n++;
            }
        }
        return n;
    }

    private static boolean isDeleted(Object sign) {
        return sign != null && ((Number) sign).intValue() != 0;
    }

    /**
     * What a base compaction does to a UNIQUE KEY table's delete markers: it drops them, so that the sequence a delete
     * left behind is forgotten and a later load of the key with a lower sequence is visible again. Doris BE
     * {@code TabletReader::_init_delete_condition} filters delete-signed rows for {@code READER_BASE_COMPACTION}
     * ({@code VerticalBlockReader::_unique_key_next_block}, {@code BlockReader::_unique_key_next_block}); until then,
     * with a sequence column, a delete-signed row stays a row of the primary-key index with its sequence
     * (apache/doris#24011) and {@code Segment::lookup_row_key} refuses a lower one.
     *
     * @return how many markers were dropped
     */
    int baseCompaction() {
        cache();
        if (!isUnique() || cDel < 0) {
            return 0;
        }
        int before = unique.size();
        unique.values().removeIf(r -> isDeleted(r[cDel]));
        return before - unique.size();
    }

    /** Forgets cached positions after the sequence mapping changed. */
    void invalidate() {
        cachedFor = null;
    }

    void truncate() {
        unique = new TreeMap<>(KEY_ORDER);
        duplicate.clear();
    }

    /**
     * Applies one staged row of a committed load, written against {@code snapshot}.
     *
     * @param present which snapshot columns the row sets (partial update), or null for a full row
     */
    void apply(List<Column> snapshot, int[] map, Object[] values, boolean[] present, boolean delete, long version,
               long nowMillis) {
        cache();
        int n = columns.size();
        Object[] row = new Object[n];
        Object[] key = null;
        Object[] existing = null;
        if (isUnique()) {
            key = new Object[cKeys];
            // keys first, so a partial row can find the stored row
            int k = 0;
            for (int i = 0; i < n; i++) {
                Column c = columns.get(i);
                if (c.key) {
                    key[k++] = valueFor(i, c, snapshot, map, values, null, null, nowMillis);
                }
            }
            existing = unique.get(key);
        }
        for (int i = 0; i < n; i++) {
            row[i] = valueFor(i, columns.get(i), snapshot, map, values, present, existing, nowMillis);
        }
        int del = cDel;
        if (del >= 0) {
            row[del] = delete ? 1 : (row[del] == null ? 0 : row[del]);
        }
        if (cVer >= 0) {
            row[cVer] = version;
        }
        if (!isUnique()) {
            duplicate.add(row);
            return;
        }
        int seq = cSeq;
        if (existing != null && seq >= 0 && VALUE_ORDER.compare(row[seq], existing[seq]) < 0) {
            return; // docs "sequence-column-manual": a lower sequence never replaces a higher one
        }
        boolean deleted = del >= 0 && isDeleted(row[del]);
        if (deleted && seq < 0) {
            unique.remove(key);
        } else {
            unique.put(key, row); // with a sequence the delete stays as a marker carrying its sequence
        }
    }

    private Object valueFor(int i, Column c, List<Column> snapshot, int[] map, Object[] values, boolean[] present,
                            Object[] existing, long nowMillis) {
        int s = map[i];
        if (s >= 0 && (present == null || present[s])) {
            Object v = values[s];
            Column from = snapshot.get(s);
            if (v != null && !from.type.equals(c.type)) {
                try {
                    v = c.type.convert(v instanceof Boolean ? v : from.type.format(v));
                } catch (DataType.ConversionException e) {
                    v = null;
                }
            }
            return v;
        }
        if (existing != null && present != null) {
            return existing[i];
        }
        if (c.name.equals(Column.DELETE_SIGN)) {
            return 0;
        }
        return defaultOf(c, nowMillis);
    }

    private int countKeys() {
        int k = 0;
        for (Column c : columns) {
            if (c.key) {
                k++;
            }
        }
        return k;
    }

    /** For each current column, the index of the same column (by unique id) in {@code snapshot}, or -1. */
    int[] mapFrom(List<Column> snapshot) {
        int[] map = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            map[i] = -1;
            for (int j = 0; j < snapshot.size(); j++) {
                if (snapshot.get(j).uniqueId == columns.get(i).uniqueId) {
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
        List<Column> old = columns;
        int[] map = new int[newColumns.size()];
        for (int i = 0; i < newColumns.size(); i++) {
            map[i] = -1;
            for (int j = 0; j < old.size(); j++) {
                if (old.get(j).uniqueId == newColumns.get(i).uniqueId) {
                    map[i] = j;
                }
            }
        }
        List<Object[]> rewritten = new ArrayList<>();
        Iterable<Object[]> source = isUnique() ? unique.values() : duplicate;
        for (Object[] r : source) {
            Object[] nr = new Object[newColumns.size()];
            for (int i = 0; i < nr.length; i++) {
                Column c = newColumns.get(i);
                if (map[i] < 0) {
                    nr[i] = c.name.equals(Column.DELETE_SIGN) ? 0 : defaultOf(c, nowMillis);
                    continue;
                }
                Object v = r[map[i]];
                Column from = old.get(map[i]);
                if (v != null && !from.type.equals(c.type)) {
                    v = c.type.convert(v instanceof Boolean ? v : from.type.format(v));
                }
                nr[i] = v;
            }
            rewritten.add(nr);
        }
        columns = List.copyOf(newColumns);
        schemaVersion++;
        if (isUnique()) {
            TreeMap<Object[], Object[]> fresh = new TreeMap<>(KEY_ORDER);
            int keys = countKeys();
            for (Object[] r : rewritten) {
                Object[] key = new Object[keys];
                int k = 0;
                for (int i = 0; i < r.length; i++) {
                    if (columns.get(i).key) {
                        key[k++] = r[i];
                    }
                }
                fresh.put(key, r);
            }
            unique = fresh;
        } else {
            duplicate.clear();
            duplicate.addAll(rewritten);
        }
    }
}
