package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.binlogload.dorisdouble.StreamLoad.LoadException;

/**
 * The plan of one Stream Load, taken from its headers against the table's schema (docs "stream-load-manual"): format,
 * filtering, source columns, merge type and delete predicate, sequence column and partial update.
 */
final class LoadPlan {
    enum MergeType { APPEND, DELETE, MERGE }

    private final List<Column> snapshot;
    final boolean byLine;
    final boolean strip;
    final boolean strict;
    final double maxFilterRatio;
    /** Per snapshot column: the source (JSON key) it reads, or null when the load does not set it. */
    final String[] sourceOf;
    /** The position of the hidden delete sign in the snapshot, or -1 when the table has none. */
    final int deleteSignIndex;
    /** Which snapshot columns a partial update sets, or null for full rows. */
    final boolean[] present;
    private final MergeType mergeType;
    private final String deleteColumn;
    private final Object deleteLiteral;
    private final boolean deleteNegated;

    /** Plans the load against {@code snapshot}, the table's current columns. */
    LoadPlan(OlapTable table, List<Column> snapshot, Function<String, String> headers) throws LoadException {
        this.snapshot = snapshot;
        String format = lower(headers.apply("format"));
        if (format == null || format.isEmpty() || format.equals("csv")) {
            throw new LoadException("[NOT_IMPLEMENTED_ERROR]the Doris double loads only format json");
        }
        if (!format.equals("json")) {
            throw new LoadException("[INVALID_ARGUMENT]unknown data format, format=" + format);
        }
        this.byLine = bool(headers.apply("read_json_by_line"));
        this.strip = bool(headers.apply("strip_outer_array"));
        this.strict = bool(headers.apply("strict_mode"));
        String ratio = headers.apply("max_filter_ratio");
        try {
            this.maxFilterRatio = ratio == null || ratio.isBlank() ? 0.0 : Double.parseDouble(ratio.trim());
        } catch (NumberFormatException e) {
            throw new LoadException("[INVALID_ARGUMENT]Invalid max_filter_ratio format, value=" + ratio);
        }
        String timeout = headers.apply("timeout");
        if (timeout != null && !timeout.isBlank()) {
            try {
                Integer.parseInt(timeout.trim());
            } catch (NumberFormatException e) {
                throw new LoadException("[INVALID_ARGUMENT]Invalid timeout format, value=" + timeout);
            }
        }
        String merge = headers.apply("merge_type");
        try {
            this.mergeType = merge == null || merge.isBlank() ? MergeType.APPEND
                    : MergeType.valueOf(merge.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LoadException("[INVALID_ARGUMENT]Invalid merge type " + merge);
        }
        boolean partial = bool(headers.apply("partial_columns"));

        // source columns: `columns` wins; hidden_columns only without it (docs "stream-load-manual")
        List<String> sources = new ArrayList<>();
        String columns = headers.apply("columns");
        if (columns != null && !columns.isBlank()) {
            for (String c : columns.split(",")) {
                String name = unquote(c.trim());
                if (name.contains("=")) {
                    throw new LoadException("[NOT_IMPLEMENTED_ERROR]the Doris double does not evaluate column "
                            + "mapping expressions: " + c.trim());
                }
                if (name.isEmpty()) {
                    continue;
                }
                for (String seen : sources) {
                    if (seen.equalsIgnoreCase(name)) { // FE analysis of the column list (Doris Flink connector #623)
                        throw new LoadException("[ANALYSIS_ERROR]TStatus: errCode = 2, detailMessage = Duplicate "
                                + "column: " + name);
                    }
                }
                sources.add(name);
            }
        } else {
            for (Column c : snapshot) {
                if (c.visible) {
                    sources.add(c.name);
                }
            }
            String hidden = headers.apply("hidden_columns");
            if (hidden != null && !hidden.isBlank()) {
                for (String c : hidden.split(",")) {
                    String name = unquote(c.trim());
                    if (!name.isEmpty()) {
                        sources.add(name);
                    }
                }
            }
        }
        sourceOf = new String[snapshot.size()];
        for (String s : sources) {
            int i = indexOf(s);
            if (i >= 0) {
                sourceOf[i] = s; // a source column the table lacks is only read, never stored (docs: skip columns)
            }
        }
        this.deleteSignIndex = indexOf(Column.DELETE_SIGN);
        boolean usesDeleteSign = deleteSignIndex >= 0 && sourceOf[deleteSignIndex] != null;
        if (!table.isUnique() && (mergeType != MergeType.APPEND || usesDeleteSign)) {
            // FE load planner: batch delete needs the hidden delete sign, which only UNIQUE KEY tables carry
            throw new LoadException("[ANALYSIS_ERROR]errCode = 2, detailMessage = load by MERGE or DELETE need to "
                    + "upgrade table to support batch delete.");
        }
        String delete = headers.apply("delete");
        if (mergeType == MergeType.MERGE) {
            if (delete == null || delete.isBlank()) {
                throw new LoadException("[ANALYSIS_ERROR]errCode = 2, detailMessage = Excepted DELETE ON clause "
                        + "when merge type is MERGE.");
            }
            String[] parts = parsePredicate(delete);
            this.deleteColumn = parts[0];
            this.deleteNegated = parts[1].equals("!=");
            this.deleteLiteral = parts[2];
        } else {
            if (delete != null && !delete.isBlank()) {
                throw new LoadException("[ANALYSIS_ERROR]errCode = 2, detailMessage = not support DELETE ON clause "
                        + "when merge type is not MERGE.");
            }
            this.deleteColumn = null;
            this.deleteNegated = false;
            this.deleteLiteral = null;
        }
        // sequence column (docs "sequence-column-manual", FE StreamLoadPlanner): only the function_column.sequence_col
        // header fills the hidden sequence column, from a source column; listing __DORIS_SEQUENCE_COL__ in
        // hidden_columns or columns alone does not
        int seqHidden = indexOf(Column.SEQUENCE_COL);
        String seqSource = headers.apply("function_column.sequence_col");
        boolean seqHeader = seqSource != null && !seqSource.isBlank();
        boolean tableHasSequence = seqHidden >= 0 || table.sequenceMapCol != null;
        if (tableHasSequence && !seqHeader && table.sequenceMapCol == null) {
            throw new LoadException("[ANALYSIS_ERROR]errCode = 2, detailMessage = Table " + table.name
                    + " has sequence column, need to specify the sequence column");
        }
        if (!tableHasSequence && seqHeader) {
            throw new LoadException("[ANALYSIS_ERROR]errCode = 2, detailMessage = There is no sequence column in "
                    + "the table " + table.name);
        }
        if (seqHeader && seqHidden >= 0) {
            String src = unquote(seqSource.trim());
            boolean known = false;
            for (String x : sources) {
                known |= x.equalsIgnoreCase(src);
            }
            for (Column c : snapshot) {
                known |= c.visible && c.nameIs(src);
            }
            if (!known) {
                throw new LoadException("[ANALYSIS_ERROR]errCode = 2, detailMessage = There is no sequence column "
                        + src + " in the " + table.name + " or the COLUMNS and SET clause");
            }
            sourceOf[seqHidden] = src;
        } else if (seqHidden >= 0) {
            sourceOf[seqHidden] = null;
        }
        if (partial) {
            if (!table.isUnique() || !table.mergeOnWrite) {
                throw new LoadException("[ANALYSIS_ERROR]errCode = 2, detailMessage = Only unique key merge on write "
                        + "support partial update");
            }
            List<String> missing = new ArrayList<>();
            boolean[] present = new boolean[snapshot.size()];
            for (int i = 0; i < snapshot.size(); i++) {
                Column c = snapshot.get(i);
                present[i] = sourceOf[i] != null;
                if (c.key && sourceOf[i] == null) {
                    missing.add(c.name);
                }
            }
            if (!missing.isEmpty()) {
                throw new LoadException("[ANALYSIS_ERROR]errCode = 2, detailMessage = Partial update should include "
                        + "all key columns, missing: " + String.join(",", missing));
            }
            if (deleteSignIndex >= 0) {
                present[deleteSignIndex] = true;
            }
            this.present = present;
        } else {
            this.present = null;
        }
    }

    /**
     * Whether a row deletes its key: always for merge type DELETE, by the delete predicate for MERGE, else by the
     * value of the hidden delete sign.
     */
    boolean deletes(Map<String, Object> row, Object[] vals) {
        switch (mergeType) {
            case DELETE:
                return true;
            case MERGE: {
                Object left = row.get(deleteColumn);
                boolean eq = left != null && String.valueOf(left instanceof Boolean ? (((Boolean) left) ? 1 : 0)
                        : left).equals(deleteLiteral);
                return deleteNegated != eq;
            }
            default:
                return deleteSignIndex >= 0 && vals[deleteSignIndex] != null
                        && ((Number) vals[deleteSignIndex]).intValue() != 0;
        }
    }

    private int indexOf(String name) {
        for (int i = 0; i < snapshot.size(); i++) {
            if (snapshot.get(i).nameIs(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String lower(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    private static boolean bool(String s) {
        return s != null && s.trim().equalsIgnoreCase("true");
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("`") && s.endsWith("`")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** Parses {@code col = literal} or {@code col != literal}, the forms a delete predicate takes here. */
    private static String[] parsePredicate(String p) throws LoadException {
        String s = p.trim();
        String op = s.contains("!=") ? "!=" : s.contains("<>") ? "<>" : "=";
        int at = s.indexOf(op);
        if (at <= 0) {
            throw new LoadException("[NOT_IMPLEMENTED_ERROR]the Doris double evaluates only `col = literal` "
                    + "delete predicates: " + p);
        }
        String col = unquote(s.substring(0, at).trim());
        String lit = s.substring(at + op.length()).trim();
        if (lit.length() >= 2 && (lit.startsWith("'") || lit.startsWith("\""))) {
            lit = lit.substring(1, lit.length() - 1);
        }
        return new String[] {col, op.equals("=") ? "=" : "!=", lit};
    }
}
