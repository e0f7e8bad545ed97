package org.binlogload.dorisdouble;

import java.util.List;

/**
 * A heavy (asynchronous) schema change, as FE {@code alter/SchemaChangeJobV2} runs one: PENDING, then WAITING_TXN
 * until every load that began before the job has finished, then RUNNING, then FINISHED or CANCELLED. Shown by
 * {@code SHOW ALTER TABLE COLUMN} (docs "SHOW-ALTER").
 */
final class SchemaChangeJob {
    enum State { PENDING, WAITING_TXN, RUNNING, FINISHED, CANCELLED }

    final long jobId;
    final String db;
    final long tableId;
    String tableName;
    final long createTime;
    long finishTime = -1;
    final List<Column> newColumns;
    final int schemaVersion;
    State state = State.PENDING;
    String msg = "";
    long watershedTxnId = -1;
    private long phaseStart;
    final long timeoutSeconds = 2592000;

    SchemaChangeJob(long jobId, String db, OlapTable table, List<Column> newColumns, long now) {
        this.jobId = jobId;
        this.db = db;
        this.tableId = table.id;
        this.tableName = table.name;
        this.createTime = now;
        this.phaseStart = now;
        this.newColumns = List.copyOf(newColumns);
        this.schemaVersion = table.schemaVersion + 1;
    }

    boolean done() {
        return state == State.FINISHED || state == State.CANCELLED;
    }

    /** Moves the job on by the clock; each of PENDING, WAITING_TXN and RUNNING lasts a third of the duration. */
    void advance(Catalog catalog, long now) {
        if (done()) {
            return;
        }
        long phase = Math.max(1, catalog.heavySchemaChangeDuration.toMillis() / 3);
        OlapTable table = find(catalog);
        if (table == null) {
            cancel("table is dropped", now);
            return;
        }
        if (state == State.PENDING && now - phaseStart >= phase) {
            state = State.WAITING_TXN;
            watershedTxnId = catalog.nextTxnId();
            phaseStart = now;
        }
        if (state == State.WAITING_TXN && now - phaseStart >= phase
                && !catalog.hasUnfinishedTxnBefore(tableId, watershedTxnId)) {
            state = State.RUNNING;
            phaseStart = now;
        }
        if (state == State.RUNNING && now - phaseStart >= phase) {
            try {
                table.changeSchema(newColumns, now);
                state = State.FINISHED;
                finishTime = now;
                table.state = "NORMAL";
            } catch (DataType.ConversionException e) {
                cancel("fail to convert data: " + e.getMessage(), now);
                table.state = "NORMAL";
            }
        }
    }

    void cancel(String reason, long now) {
        if (done()) {
            return;
        }
        state = State.CANCELLED;
        msg = reason;
        finishTime = now;
    }

    OlapTable find(Catalog catalog) {
        Catalog.Database d = catalog.dbOrNull(db);
        if (d == null) {
            return null;
        }
        for (OlapTable t : d.tables.values()) {
            if (t.id == tableId) {
                return t;
            }
        }
        return null;
    }

    String progress() {
        return state == State.RUNNING ? "0/1" : state == State.FINISHED ? "1/1" : "N/A";
    }
}
