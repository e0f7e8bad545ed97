package org.binlogload.dorisdouble;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One Stream Load on the BE: the rows staged into its transaction while the body streams in, as its {@link LoadPlan}
 * says, and the counters and filtered-row reasons of its answer (BE {@code stream_load.cpp},
 * {@code stream_load_context.cpp}).
 */
final class StreamLoad implements JsonRowReader.Sink {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_LINES = 1000;

    /** A load refused before or after reading its body; the message is Doris's. */
    static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;

        LoadException(String message) {
            super(message, null, false, false);
        }
    }

    final Txn txn;
    private final long startedAt;
    private final LoadPlan plan;
    private final List<Column> snapshot;
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
        this.startedAt = now;
        this.snapshot = table.columns;
        txn.snapshot = snapshot;
        this.plan = new LoadPlan(table, snapshot, headers);
        if (plan.present != null) {
            txn.present = plan.present;
        }
        this.reader = new JsonRowReader(plan.byLine, plan.strip, this);
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

    long loadedRows() {
        return totalRows - filteredRows;
    }

    boolean tooManyFiltered() {
        return filteredRows > 0 && filteredRows > plan.maxFilterRatio * totalRows;
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
            String src = plan.sourceOf[i];
            if (src == null) {
                if (txn.present == null) {
                    vals[i] = c.name.equals(Column.DELETE_SIGN) ? Integer.valueOf(0)
                            : c.storedDefault(startedAt);
                    if (vals[i] == null && !c.nullable && c.visible) {
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
                v = c.name.equals(Column.DELETE_SIGN) ? Integer.valueOf(0) : c.storedDefault(startedAt);
            } else {
                try {
                    v = c.type.convert(raw);
                } catch (DataType.ConversionException e) {
                    boolean tooLong = e.getMessage().startsWith("the length of input");
                    if (plan.strict || tooLong || !c.nullable) {
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
        boolean delete = plan.deletes(row, vals);
        if (plan.deleteSignIndex >= 0) {
            vals[plan.deleteSignIndex] = delete ? 1 : 0;
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
