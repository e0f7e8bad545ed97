package org.binlogload.dorisdouble;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One Stream Load on the BE: the plan taken from its headers (docs "stream-load-manual"), the rows staged into its
 * transaction while the body streams in, and the counters and filtered-row reasons of its answer (BE
 * {@code stream_load.cpp}, {@code stream_load_context.cpp}).
 */
final class StreamLoad implements JsonRowReader.Sink {
    /** Docs "stream-load-manual": a label is 1..128 of letters, digits, '-', '_' and ':'. */
    static final Pattern LABEL = Pattern.compile("^[-_A-Za-z0-9:]{1,128}$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_LINES = 1000;

    /** A load refused before or after reading its body; the message is Doris's. */
    static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;

        LoadException(String message) {
            super(message, null, false, false);
        }
    }

    enum MergeType { APPEND, DELETE, MERGE }

    final Txn txn;
    final OlapTable table;
    final boolean strict;
    final double maxFilterRatio;
    final long startedAt;
    private final List<Column> snapshot;
    /** Per snapshot column: the source (JSON key) it reads, or null when the load does not set it. */
    private final String[] sourceOf;
    private final MergeType mergeType;
    private final String deleteColumn;
    private final Object deleteLiteral;
    private final boolean deleteNegated;
    private final int deleteSignIndex;
    private final boolean partial;
    private final JsonRowReader reader;

    /** Count the body's lines as rows and keep none of them (the double's discarding mode). */
    private final boolean discard;
    private byte lastByte = '\n';
    long totalRows;
    long filteredRows;
    long loadBytes;
    final List<String> errors = new ArrayList<>();
    private String bodyError;

    /** Plans the load against the table's current schema, under the catalog lock. */
    StreamLoad(Txn txn, OlapTable table, Function<String, String> headers, long now) throws LoadException {
        this(txn, table, headers, now, false);
    }

    /**
     * Plans the load; with {@code discard} the body's JSON lines are only counted, so that the load costs the
     * double almost nothing per row and stages no row.
     */
    StreamLoad(Txn txn, OlapTable table, Function<String, String> headers, long now, boolean discard)
            throws LoadException {
        this.discard = discard;
        this.txn = txn;
        this.table = table;
        this.startedAt = now;
        this.snapshot = table.columns;
        txn.snapshot = snapshot;
        String format = lower(headers.apply("format"));
        if (format == null || format.isEmpty() || format.equals("csv")) {
            throw new LoadException("[NOT_IMPLEMENTED_ERROR]the Doris double loads only format json");
        }
        if (!format.equals("json")) {
            throw new LoadException("[INVALID_ARGUMENT]unknown data format, format=" + format);
        }
        boolean byLine = bool(headers.apply("read_json_by_line"));
        boolean strip = bool(headers.apply("strip_outer_array"));
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
        this.partial = bool(headers.apply("partial_columns"));

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
            txn.present = present;
        }
        this.reader = new JsonRowReader(byLine, strip, this);
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

    void feed(byte[] buf, int off, int len) throws IOException {
        loadBytes += len;
        if (discard) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    totalRows++;
                }
            }
            lastByte = len > 0 ? buf[off + len - 1] : lastByte;
        } else if (bodyError == null) {
            reader.feed(buf, off, len);
        }
    }

    /** Ends the body; returns a message when the whole body is unusable. */
    String finish() {
        if (discard) {
            totalRows += lastByte == '\n' ? 0 : 1; // a last line without its newline
            lastByte = '\n';
        } else if (bodyError == null) {
            try {
                reader.finish();
            } catch (IOException e) {
                bodyError = "[DATA_QUALITY_ERROR]Parse json data failed. code: 1, error info: " + e.getMessage();
            }
        }
        return bodyError;
    }

    void failBody(String message) {
        if (bodyError == null) {
            bodyError = message;
        }
    }

    String bodyError() {
        return bodyError;
    }

    long loadedRows() {
        return totalRows - filteredRows;
    }

    boolean tooManyFiltered() {
        return filteredRows > 0 && filteredRows > maxFilterRatio * totalRows;
    }

    @Override
    public void rootArray() {
        // BE vjson_reader.cpp
        bodyError = "[DATA_QUALITY_ERROR]JSON data is array-object, `strip_outer_array` must be TRUE.";
    }

    @Override
    public void badLine(String line, String error) {
        totalRows++;
        filter(line, "Parse json data failed. code: 1, error info: " + error);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void value(Object value, String sourceText) {
        totalRows++;
        if (!(value instanceof Map)) {
            filter(sourceText != null ? sourceText : String.valueOf(value),
                    "Parse json data failed. JSON object expected for a row");
            return;
        }
        Map<String, Object> row = (Map<String, Object>) value;
        Map<String, Object> lowered = null;
        Object[] vals = new Object[snapshot.size()];
        for (int i = 0; i < snapshot.size(); i++) {
            Column c = snapshot.get(i);
            String src = sourceOf[i];
            if (src == null) {
                if (txn.present == null) {
                    vals[i] = c.name.equals(Column.DELETE_SIGN) ? Integer.valueOf(0)
                            : OlapTable.defaultOf(c, startedAt);
                    if (vals[i] == null && !c.nullable && !c.visible) {
                        vals[i] = null;
                    } else if (vals[i] == null && !c.nullable) {
                        filter(row, "column(" + c.name + ") has no default value and is not nullable, the load "
                                + "does not set it");
                        return;
                    }
                }
                continue;
            }
            boolean has = row.containsKey(src);
            Object raw = row.get(src);
            if (!has) {
                if (lowered == null) {
                    lowered = new HashMap<>();
                    for (Map.Entry<String, Object> e : row.entrySet()) {
                        lowered.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
                    }
                }
                String k = src.toLowerCase(Locale.ROOT);
                has = lowered.containsKey(k);
                raw = lowered.get(k);
            }
            Object v;
            if (!has) {
                v = c.name.equals(Column.DELETE_SIGN) ? Integer.valueOf(0) : OlapTable.defaultOf(c, startedAt);
            } else {
                try {
                    v = c.type.convert(raw);
                } catch (DataType.ConversionException e) {
                    boolean tooLong = e.getMessage().startsWith("the length of input");
                    if (strict || tooLong || !c.nullable) {
                        filter(row, "column(" + c.name + ") value is incorrect: " + e.getMessage());
                        return;
                    }
                    v = null; // docs "load-strict-mode": strict mode off turns a bad value into NULL
                }
            }
            if (v == null && !c.nullable && !(c.name.equals(Column.SEQUENCE_COL))) {
                filter(row, "null value for not null column, column=" + c.name);
                return;
            }
            vals[i] = v;
        }
        boolean delete;
        switch (mergeType) {
            case DELETE:
                delete = true;
                break;
            case MERGE: {
                Object left = row.get(deleteColumn);
                boolean eq = left != null && String.valueOf(left instanceof Boolean ? (((Boolean) left) ? 1 : 0)
                        : left).equals(deleteLiteral);
                delete = deleteNegated != eq;
                break;
            }
            default:
                delete = deleteSignIndex >= 0 && vals[deleteSignIndex] != null
                        && ((Number) vals[deleteSignIndex]).intValue() != 0;
        }
        if (deleteSignIndex >= 0) {
            vals[deleteSignIndex] = delete ? 1 : 0;
        }
        txn.stage(vals, delete);
    }

    private void filter(Object row, String reason) {
        filteredRows++;
        if (errors.size() < MAX_ERROR_LINES) {
            String src;
            if (row instanceof String) {
                src = (String) row;
            } else {
                try {
                    src = JSON.writeValueAsString(row);
                } catch (IOException e) {
                    src = String.valueOf(row);
                }
            }
            errors.add("Reason: " + reason + ". src line [" + src + "]; ");
        }
    }
}
