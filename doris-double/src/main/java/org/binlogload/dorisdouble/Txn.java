package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One load transaction and the rows it staged. States follow FE {@code transaction/TransactionStatus}: PREPARE, then
 * PRECOMMITTED (two-phase commit), COMMITTED, VISIBLE, or ABORTED (docs "transaction", BE
 * {@code stream_load_2pc.cpp}). Staged rows are invisible until the transaction is published.
 */
final class Txn {
    enum State { PREPARE, PRECOMMITTED, COMMITTED, VISIBLE, ABORTED }

    final long id;
    final String db;
    final String table;
    final long tableId;
    final String label;
    final boolean twoPhase;
    final long createdAt;
    volatile State state = State.PREPARE;
    long precommittedAt;
    long finishedAt;
    String reason = "";

    /** The table schema the load was planned against. */
    List<Column> snapshot;
    /** Which snapshot columns a partial update sets, or null for full rows. */
    boolean[] present;
    final List<Object[]> rows = new ArrayList<>();
    final BitSet deletes = new BitSet();

    Txn(long id, String db, String table, long tableId, String label, boolean twoPhase, long createdAt) {
        this.id = id;
        this.db = db;
        this.table = table;
        this.tableId = tableId;
        this.label = label;
        this.twoPhase = twoPhase;
        this.createdAt = createdAt;
    }

    void stage(Object[] values, boolean delete) {
        if (delete) {
            deletes.set(rows.size());
        }
        rows.add(values);
    }

    boolean finished() {
        return state == State.VISIBLE || state == State.ABORTED;
    }

    /** The ExistingJobStatus a reused label reports (BE {@code stream_load_executor.cpp}). */
    String existingJobStatus() {
        switch (state) {
            case PREPARE: return "RUNNING";
            case PRECOMMITTED: return "PRECOMMITTED";
            default: return "FINISHED";
        }
    }

    void dropStaged() {
        rows.clear();
        deletes.clear();
    }
}
