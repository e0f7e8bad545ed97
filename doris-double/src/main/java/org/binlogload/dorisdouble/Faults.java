package org.binlogload.dorisdouble;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for tests: each count means "the next N", either for every table or, through
 * {@link #table(String, String)}, for one table only (a table-scoped fault is used before a global one).
 */
public final class Faults {
    static final class Counters {
        final AtomicInteger failLoads = new AtomicInteger();
        volatile String failLoadMessage;
        final AtomicInteger failCommits = new AtomicInteger();
        volatile Duration delay = Duration.ZERO;
        final AtomicInteger publishTimeouts = new AtomicInteger();
        final AtomicInteger dropConnections = new AtomicInteger();
        final AtomicInteger serverErrors = new AtomicInteger();
        volatile int serverErrorStatus = 500;
    }

    /** The message a failed load carries unless the test names one. */
    static final String DEFAULT_LOAD_FAILURE = "[INTERNAL_ERROR]injected load failure";

    private final Map<String, Counters> scopes;
    private final String scope;
    private final Catalog catalog;

    Faults(Catalog catalog) {
        this(new ConcurrentHashMap<>(), "", catalog);
    }

    private Faults(Map<String, Counters> scopes, String scope, Catalog catalog) {
        this.scopes = scopes;
        this.scope = scope;
        this.catalog = catalog;
    }

    /** The same faults, limited to one table. */
    public Faults table(String db, String table) {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(table, "table");
        return new Faults(scopes, db + "." + table, catalog);
    }

    private Counters mine() {
        return scopes.computeIfAbsent(scope, k -> new Counters());
    }

    private static int positive(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n < 0");
        }
        return n;
    }

    /**
     * The user lacks CREATE_PRIV on {@code db} from now on: CREATE TABLE there fails as FE's analysis refuses it
     * ({@code ErrorCode.ERR_SPECIFIC_ACCESS_DENIED_ERROR} with "CREATE", as {@code CreateTableStmt} reports it).
     */
    public Faults denyCreateTable(String db) {
        catalog.createDenied.add(Objects.requireNonNull(db, "db"));
        return this;
    }

    /** The next {@code n} loads fail with Status {@code Fail} after reading their body; the txn is aborted. */
    public Faults failNextLoads(int n) {
        return failNextLoads(n, DEFAULT_LOAD_FAILURE);
    }

    /** The next {@code n} loads fail with Status {@code Fail} and the given Message. */
    public Faults failNextLoads(int n, String message) {
        Counters c = mine();
        c.failLoadMessage = Objects.requireNonNull(message, "message");
        c.failLoads.set(positive(n));
        return this;
    }

    /** The next {@code n} 2PC commits fail ({@code INTERNAL_ERROR}); the transaction stays PRECOMMITTED. */
    public Faults failNextCommits(int n) {
        mine().failCommits.set(positive(n));
        return this;
    }

    /** Every load waits this long before it answers (Duration.ZERO to stop). */
    public Faults delayLoads(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay < 0");
        }
        mine().delay = delay;
        return this;
    }

    /**
     * The next {@code n} commits (loads without 2PC answer Status {@code Publish Timeout}; 2PC commits answer
     * success) leave the data COMMITTED but not yet visible for a short while.
     */
    public Faults publishTimeoutNext(int n) {
        mine().publishTimeouts.set(positive(n));
        return this;
    }

    /** The next {@code n} loads have their connection closed by the BE after part of the body arrived. */
    public Faults dropConnectionMidBodyNext(int n) {
        mine().dropConnections.set(positive(n));
        return this;
    }

    /** The next {@code n} Stream Load or 2PC requests to the FE answer this HTTP status (5xx) instead. */
    public Faults serverErrorNext(int n, int httpStatus) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus not in 400..599: " + httpStatus);
        }
        Counters c = mine();
        c.serverErrorStatus = httpStatus;
        c.serverErrors.set(positive(n));
        return this;
    }

    /** Reclaims the PRECOMMITTED transaction of this label as its precommit timeout would; true if one was. */
    public boolean expirePrecommitted(String db, String label) {
        return catalog.expire(catalog.txnByLabel(db, label));
    }

    /** Reclaims every PRECOMMITTED transaction; returns how many. */
    public int expireAllPrecommitted() {
        return catalog.expireAll();
    }

    /** Removes every injected fault, in every scope, and gives back denied privileges. */
    public void clear() {
        scopes.clear();
        catalog.createDenied.clear();
    }

    // ---------------------------------------------------------------- consumption by the servers

    private static String key(String db, String table) {
        return db + "." + table;
    }

    private Counters counters(String k) {
        return scopes.get(k);
    }

    private static boolean take(AtomicInteger a) {
        while (true) {
            int n = a.get();
            if (n <= 0) {
                return false;
            }
            if (a.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    String takeLoadFailure(String db, String table) {
        for (String k : new String[] {key(db, table), ""}) {
            Counters c = counters(k);
            if (c != null && take(c.failLoads)) {
                return c.failLoadMessage;
            }
        }
        return null;
    }

    boolean takeCommitFailure(String db, String table) {
        for (String k : new String[] {key(db, table), ""}) {
            Counters c = counters(k);
            if (c != null && take(c.failCommits)) {
                return true;
            }
        }
        return false;
    }

    Duration loadDelay(String db, String table) {
        Counters c = counters(key(db, table));
        if (c != null && !c.delay.isZero()) {
            return c.delay;
        }
        c = counters("");
        return c == null ? Duration.ZERO : c.delay;
    }

    boolean takePublishTimeout(String db, String table) {
        for (String k : new String[] {key(db, table), ""}) {
            Counters c = counters(k);
            if (c != null && take(c.publishTimeouts)) {
                return true;
            }
        }
        return false;
    }

    boolean takeDropConnection(String db, String table) {
        for (String k : new String[] {key(db, table), ""}) {
            Counters c = counters(k);
            if (c != null && take(c.dropConnections)) {
                return true;
            }
        }
        return false;
    }

    /** The HTTP status to answer instead, or 0. {@code table} may be null for database-level requests. */
    int takeServerError(String db, String table) {
        String[] keys = table == null ? new String[] {""} : new String[] {key(db, table), ""};
        for (String k : keys) {
            Counters c = counters(k);
            if (c != null && take(c.serverErrors)) {
                return c.serverErrorStatus;
            }
        }
        return 0;
    }
}
