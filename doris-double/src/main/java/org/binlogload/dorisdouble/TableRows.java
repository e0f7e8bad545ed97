package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The visible data of one {@link OlapTable}, stored as its key model merges loaded rows. Not thread-safe; {@link
 * Catalog} guards it.
 *
 * <p>UNIQUE KEY tables follow the docs "data-model/unique" (merge-on-write): one row per key, the last load wins,
 * the delete sign removes the key, and with a sequence column (docs "sequence-column-manual") a row whose sequence
 * is lower than the stored one is ignored (an equal one replaces it: BE {@code Segment::lookup_row_key} refuses only a
 * lower sequence); a delete then stays as a marker carrying its sequence until {@link #baseCompaction()}.
 * DUPLICATE KEY tables keep every row.
 */
final class TableRows {

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

    private final OlapTable table;
    private TreeMap<Object[], Object[]> unique = new TreeMap<>(KEY_ORDER);
    private final List<Object[]> duplicate = new ArrayList<>();
    /** Cached per schema: key count, delete sign, version and sequence positions (-1 when absent). */
    private List<Column> cachedFor;
    private int cKeys;
    private int cDel;
    private int cVer;
    private int cSeq;

    TableRows(OlapTable table) {
        this.table = table;
    }

    private void cache() {
        if (cachedFor == table.columns) {
            return;
        }
        cKeys = keyCount(table.columns);
        cDel = table.indexOf(Column.DELETE_SIGN);
        cVer = table.indexOf(Column.VERSION_COL);
        cSeq = table.sequenceIndex();
        cachedFor = table.columns;
    }

    private static int keyCount(List<Column> columns) {
        int k = 0;
        for (Column c : columns) {
            if (c.key) {
                k++;
            }
        }
        return k;
    }

    /** Forgets cached positions after the sequence mapping changed. */
    void invalidate() {
        cachedFor = null;
    }

    /** Visible rows ordered by key (DUPLICATE KEY tables: by all columns in order). */
    List<Object[]> visibleRows() {
        List<Object[]> out = new ArrayList<>();
        if (table.isUnique()) {
            int del = table.indexOf(Column.DELETE_SIGN);
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
        if (!table.isUnique()) {
            return duplicate.size();
        }
        int del = table.indexOf(Column.DELETE_SIGN);
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
        if (!table.isUnique() || cDel < 0) {
            return 0;
        }
        int before = unique.size();
        unique.values().removeIf(r -> isDeleted(r[cDel]));
        return before - unique.size();
    }

    /** Drops every row, as TRUNCATE TABLE does. */
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
        List<Column> columns = table.columns;
        int n = columns.size();
        Object[] row = new Object[n];
        Object[] key = null;
        Object[] existing = null;
        if (table.isUnique()) {
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
        if (!table.isUnique()) {
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
            try {
                return retype(values[s], snapshot.get(s).type, c.type);
            } catch (DataType.ConversionException e) {
                return null;
            }
        }
        if (existing != null && present != null) {
            return existing[i];
        }
        if (c.name.equals(Column.DELETE_SIGN)) {
            return 0;
        }
        return c.storedDefault(nowMillis);
    }

    /**
     * The stored rows rewritten from {@code old} into {@code newColumns} (values are converted to changed types);
     * nothing changes here until {@link #replaceAll} stores them.
     *
     * @param map for each new column, the index of the same column in {@code old}, or -1
     * @throws DataType.ConversionException when a stored value does not convert (the job is cancelled)
     */
    List<Object[]> rewrite(List<Column> old, List<Column> newColumns, int[] map, long nowMillis)
            throws DataType.ConversionException {
        List<Object[]> rewritten = new ArrayList<>();
        Iterable<Object[]> source = table.isUnique() ? unique.values() : duplicate;
        for (Object[] r : source) {
            Object[] nr = new Object[newColumns.size()];
            for (int i = 0; i < nr.length; i++) {
                Column c = newColumns.get(i);
                if (map[i] < 0) {
                    nr[i] = c.name.equals(Column.DELETE_SIGN) ? 0 : c.storedDefault(nowMillis);
                    continue;
                }
                nr[i] = retype(r[map[i]], old.get(map[i]).type, c.type);
            }
            rewritten.add(nr);
        }
        return rewritten;
    }

    /** Replaces the stored rows by {@code rows}, written in the table's current schema. */
    void replaceAll(List<Object[]> rows) {
        if (table.isUnique()) {
            List<Column> columns = table.columns;
            TreeMap<Object[], Object[]> fresh = new TreeMap<>(KEY_ORDER);
            int keys = keyCount(columns);
            for (Object[] r : rows) {
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
            duplicate.addAll(rows);
        }
    }

    /** A stored value of type {@code from} as type {@code to}; unchanged when the type is the same. */
    private static Object retype(Object v, DataType from, DataType to) throws DataType.ConversionException {
        if (v != null && !from.equals(to)) {
            return to.convert(v instanceof Boolean ? v : from.format(v));
        }
        return v;
    }
}
