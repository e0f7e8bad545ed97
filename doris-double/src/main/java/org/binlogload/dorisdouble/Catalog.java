package org.binlogload.dorisdouble;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Databases, tables, load transactions, labels and schema-change jobs, behind one lock.
 *
 * <p>Transactions follow FE {@code transaction/DatabaseTransactionMgr} as described by the docs "transaction" and
 * "stream-load-manual": labels are unique per database while the load is running, pre-committed or finished within
 * {@code streaming_label_keep_max_second}; labels of aborted loads can be reused at once; a PRECOMMITTED transaction
 * older than {@code stream_load_default_precommit_timeout_second} is reclaimed.
 */
final class Catalog {
    static final class Database {
        final String name;
        final Map<String, OlapTable> tables = new TreeMap<>();
        final Map<String, List<Txn>> labels = new HashMap<>();

        Database(String name) {
            this.name = name;
        }
    }

    /** Thrown by {@link #begin} when the label is taken. */
    static final class LabelAlreadyUsed extends Exception {
        final Txn existing;

        LabelAlreadyUsed(Txn existing) {
            super("Label [" + existing.label + "] has already been used, relate to txn [" + existing.id + "]", null,
                    false, false);
            this.existing = existing;
        }
    }

    final Clock clock;
    final Duration precommitTimeout;
    final Duration labelRetention;
    final Duration heavySchemaChangeDuration;
    final int backends;

    private final Map<String, Database> dbs = new TreeMap<>();
    private final Map<Long, Txn> txns = new LinkedHashMap<>();
    final List<SchemaChangeJob> jobs = new ArrayList<>();
    /** Databases where the user lacks CREATE_PRIV ({@link Faults#denyCreateTable}). */
    final java.util.Set<String> createDenied = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long nextTxnId = 1000;
    private long nextId = 10000;

    Catalog(Clock clock, Duration precommitTimeout, Duration labelRetention, Duration heavySchemaChangeDuration,
            int backends) {
        this.clock = clock;
        this.precommitTimeout = precommitTimeout;
        this.labelRetention = labelRetention;
        this.heavySchemaChangeDuration = heavySchemaChangeDuration;
        this.backends = backends;
    }

    long now() {
        return clock.millis();
    }

    synchronized long nextId() {
        return nextId++;
    }

    // ---------------------------------------------------------------- databases and tables

    synchronized Database db(String name) {
        Database d = dbs.get(name);
        if (d == null) {
            // FE ErrorCode.ERR_BAD_DB_ERROR
            throw new DorisSqlException("Unknown database '" + name + "'");
        }
        return d;
    }

    synchronized Database dbOrNull(String name) {
        return dbs.get(name);
    }

    synchronized Map<String, Database> databases() {
        return dbs;
    }

    synchronized OlapTable table(String db, String table) {
        OlapTable t = db(db).tables.get(table);
        if (t == null) {
            // FE ErrorCode.ERR_BAD_TABLE_ERROR
            throw new DorisSqlException("Unknown table '" + table + "'");
        }
        return t;
    }

    synchronized OlapTable tableOrNull(String db, String table) {
        Database d = dbs.get(db);
        return d == null ? null : d.tables.get(table);
    }

    // ---------------------------------------------------------------- transactions

    /**
     * Begins a load transaction, as the BE asks the FE ({@code FrontendServiceImpl.loadTxnBegin}).
     *
     * @param label the client's label, or null to generate one
     */
    synchronized Txn begin(String db, String table, String label, boolean twoPhase) throws LabelAlreadyUsed {
        sweep();
        OlapTable t = table(db, table);
        Database d = db(db);
        String l = label == null || label.isEmpty() ? UUID.randomUUID().toString().replace('-', '_') : label;
        expireIfDue(d.labels.get(l));
        List<Txn> used = d.labels.get(l);
        if (used != null) {
            for (Txn x : used) {
                if (x.state != Txn.State.ABORTED) {
                    throw new LabelAlreadyUsed(x);
                }
            }
        }
        Txn txn = new Txn(nextTxnId++, db, t.name, t.id, l, twoPhase, now());
        txns.put(txn.id, txn);
        d.labels.computeIfAbsent(l, k -> new ArrayList<>()).add(txn);
        return txn;
    }

    /**
     * Aborts a running or pre-committed transaction. Rows of a running load stay with the thread that reads its body,
     * which drops them when it sees the abort.
     */
    synchronized void abort(Txn txn, String reason) {
        if (txn.state == Txn.State.PREPARE || txn.state == Txn.State.PRECOMMITTED) {
            boolean loading = txn.state == Txn.State.PREPARE;
            txn.state = Txn.State.ABORTED;
            txn.reason = reason;
            txn.finishedAt = now();
            if (!loading) {
                txn.dropStaged();
            }
        }
    }

    /** Ends a load with 2PC: PREPARE to PRECOMMITTED; false when the txn was aborted meanwhile. */
    synchronized boolean precommit(Txn txn) {
        if (txn.state != Txn.State.PREPARE) {
            return false;
        }
        txn.state = Txn.State.PRECOMMITTED;
        txn.precommittedAt = now();
        return true;
    }

    /** Ends a load without 2PC: commits it; false when the txn was aborted meanwhile. */
    synchronized boolean commitLoad(Txn txn, boolean publishLater) {
        if (txn.state != Txn.State.PREPARE) {
            return false;
        }
        commit(txn, publishLater);
        return true;
    }

    /**
     * Commits: the rows become visible at once, or stay COMMITTED (invisible) until {@link #publish} when
     * {@code publishLater}.
     */
    synchronized void commit(Txn txn, boolean publishLater) {
        txn.state = Txn.State.COMMITTED;
        if (!publishLater) {
            publish(txn);
        }
    }

    /** Applies a committed transaction's rows to its table and makes it VISIBLE. */
    synchronized void publish(Txn txn) {
        if (txn.state != Txn.State.COMMITTED) {
            return;
        }
        Database d = dbs.get(txn.db);
        OlapTable t = null;
        if (d != null) {
            for (OlapTable x : d.tables.values()) {
                if (x.id == txn.tableId) {
                    t = x;
                }
            }
        }
        if (t != null) {
            int[] map = t.mapFrom(txn.snapshot);
            long nowMs = now();
            for (int i = 0; i < txn.rows.size(); i++) {
                t.rows.apply(txn.snapshot, map, txn.rows.get(i), txn.present, txn.deletes.get(i), txn.id, nowMs);
            }
        }
        txn.state = Txn.State.VISIBLE;
        txn.finishedAt = now();
        txn.dropStaged();
    }

    synchronized Txn txn(long id) {
        Txn t = txns.get(id);
        if (t != null) {
            expireIfDue(t, now());
        }
        return txns.get(id);
    }

    /** The transaction a 2PC request names by label: the live one, else the newest with that label. */
    synchronized Txn txnByLabel(String db, String label) {
        sweep();
        Database d = dbs.get(db);
        if (d == null) {
            return null;
        }
        expireIfDue(d.labels.get(label));
        List<Txn> list = d.labels.get(label);
        if (list == null || list.isEmpty()) {
            return null;
        }
        for (Txn t : list) {
            if (t.state != Txn.State.ABORTED) {
                return t;
            }
        }
        return list.get(list.size() - 1);
    }

    /**
     * Commits or aborts a PRECOMMITTED transaction (docs "transaction", two-phase commit), returning null on success
     * or Doris's detail message on failure.
     */
    synchronized String operate2pc(String db, Txn txn, String idText, boolean commit, boolean publishLater) {
        if (txn == null || !txn.db.equals(db)) {
            return "transaction [" + idText + "] not found";
        }
        switch (txn.state) {
            case PRECOMMITTED:
                if (commit) {
                    commit(txn, publishLater);
                } else {
                    abort(txn, "user abort");
                }
                return null;
            case ABORTED:
                return "transaction [" + txn.id + "] is already aborted";
            case COMMITTED:
            case VISIBLE:
                return commit
                        ? "transaction [" + txn.id + "] is already " + txn.state + ", not pre-committed."
                        : "transaction [" + txn.id + "] is already " + txn.state + ", could not abort.";
            default:
                if (commit) {
                    return "transaction [" + txn.id + "] is in PREPARE state, not pre-committed.";
                }
                abort(txn, "user abort");
                return null;
        }
    }

    /** Reclaims one PRECOMMITTED transaction as if its precommit timeout had passed. */
    synchronized boolean expire(Txn txn) {
        if (txn == null || txn.state != Txn.State.PRECOMMITTED) {
            return false;
        }
        forget(txn);
        return true;
    }

    synchronized int expireAll() {
        int n = 0;
        for (Txn t : new ArrayList<>(txns.values())) {
            if (expire(t)) {
                n++;
            }
        }
        return n;
    }

    private void forget(Txn txn) {
        if (txn.state == Txn.State.PRECOMMITTED) {
            txn.state = Txn.State.ABORTED;
            txn.reason = "timeout by txn manager";
            txn.finishedAt = now();
            txn.dropStaged();
        }
        txns.remove(txn.id);
        Database d = dbs.get(txn.db);
        if (d != null) {
            List<Txn> list = d.labels.get(txn.label);
            if (list != null) {
                list.remove(txn);
                if (list.isEmpty()) {
                    d.labels.remove(txn.label);
                }
            }
        }
    }

    /** True when a transaction on this table that began before {@code watershed} has not finished. */
    synchronized boolean hasUnfinishedTxnBefore(long tableId, long watershed) {
        for (Txn t : txns.values()) {
            if (t.tableId == tableId && t.id < watershed && !t.finished()) {
                return true;
            }
        }
        return false;
    }

    synchronized long nextTxnId() {
        return nextTxnId;
    }

    /** Expires old PRECOMMITTED transactions and labels (at most every 100 ms), and advances schema-change jobs. */
    synchronized void sweep() {
        long nowMs = now();
        if (nowMs - lastTxnSweep >= 100 || nowMs < lastTxnSweep) {
            lastTxnSweep = nowMs;
            for (Txn t : new ArrayList<>(txns.values())) {
                expireIfDue(t, nowMs);
            }
        }
        for (SchemaChangeJob job : jobs) {
            job.advance(this, nowMs);
        }
    }

    private long lastTxnSweep = Long.MIN_VALUE / 2;

    /** Reclaims one transaction whose precommit timeout or label retention has passed. */
    private void expireIfDue(Txn t, long nowMs) {
        if (t.state == Txn.State.PRECOMMITTED && nowMs - t.precommittedAt >= precommitTimeout.toMillis()) {
            forget(t);
        } else if (t.finished() && nowMs - t.finishedAt >= labelRetention.toMillis()) {
            forget(t);
        }
    }

    private void expireIfDue(List<Txn> list) {
        if (list != null) {
            long nowMs = now();
            for (Txn t : new ArrayList<>(list)) {
                expireIfDue(t, nowMs);
            }
        }
    }
}
