package org.binlogload.dorisdouble;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * An in-process stand-in for Apache Doris that speaks Doris's HTTP interfaces: Stream Load with two-phase commit on an
 * FE port that redirects to a BE port, and SQL over {@code /api/query/default_cluster/{db}}. See
 * {@code docs/doris-double.md} for what it models and what it does not.
 */
public final class DorisDouble implements AutoCloseable {
    private final String user;
    private final String password;
    private final Catalog catalog;
    private final SqlExecutor sql;
    private final Faults faults;
    private final HttpServers servers;

    private DorisDouble(Builder b) {
        this.user = b.user;
        this.password = b.password;
        this.catalog = new Catalog(b.clock, b.precommitTimeout, b.labelRetention, b.heavySchemaChangeDuration,
                b.backends);
        this.sql = new SqlExecutor(catalog);
        this.faults = new Faults(catalog);
        this.servers = new HttpServers(catalog, sql, faults, user, password, b.discardRows);
    }

    /** A builder with Doris's defaults: user root, empty password, free ports. */
    public static Builder builder() {
        return new Builder();
    }

    /** The FE HTTP address, {@code 127.0.0.1:<fePort>}. */
    public String feAddress() {
        return HttpServers.HOST + ":" + servers.fePort();
    }

    /** The FE HTTP port (loads, 2PC and SQL start here). */
    public int fePort() {
        return servers.fePort();
    }

    /** The BE HTTP port the FE redirects loads to. */
    public int bePort() {
        return servers.bePort();
    }

    /** The user the double accepts. */
    public String user() {
        return user;
    }

    /** The password the double accepts. */
    public String password() {
        return password;
    }

    /** Fault injection for the next loads, commits and requests. */
    public Faults faults() {
        return faults;
    }

    /**
     * Runs one statement as {@code POST /api/query/default_cluster/{db}} would.
     *
     * @throws DorisSqlException with Doris's message when the statement is refused
     */
    public QueryResult sql(String db, String stmt) {
        Objects.requireNonNull(stmt, "stmt");
        return sql.execute(db, stmt);
    }

    /** Visible rows ordered by key, as column name to value (hidden columns left out). */
    public List<Map<String, Object>> rows(String db, String table) {
        synchronized (catalog) {
            catalog.sweep();
            OlapTable t = catalog.table(db, table);
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object[] r : t.rows.visibleRows()) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < t.columns.size(); i++) {
                    if (t.columns.get(i).visible) {
                        m.put(t.columns.get(i).name, r[i]);
                    }
                }
                out.add(m);
            }
            return out;
        }
    }

    /**
     * Runs a base compaction of {@code table} now, as Doris's BE does in the background: the delete markers of a
     * UNIQUE KEY table are dropped, and with them the sequence values they carried.
     *
     * @return how many delete markers were dropped
     */
    public int baseCompaction(String db, String table) {
        synchronized (catalog) {
            catalog.sweep();
            return catalog.table(db, table).rows.baseCompaction();
        }
    }

    /** The number of visible rows. */
    public long count(String db, String table) {
        synchronized (catalog) {
            catalog.sweep();
            return catalog.table(db, table).rows.visibleCount();
        }
    }

    /**
     * A SHA-256 over the visible rows in key order, each value printed as Doris prints it; equal contents give equal
     * checksums.
     */
    public String checksum(String db, String table) {
        synchronized (catalog) {
            catalog.sweep();
            OlapTable t = catalog.table(db, table);
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                for (Object[] r : t.rows.visibleRows()) {
                    for (int i = 0; i < t.columns.size(); i++) {
                        Column c = t.columns.get(i);
                        if (!c.visible) {
                            continue;
                        }
                        String v = r[i] instanceof BigDecimal ? ((BigDecimal) r[i]).toPlainString()
                                : c.type.format(r[i]);
                        md.update((v == null ? "\\N" : v.replace("\\", "\\\\").replace("\t", "\\t"))
                                .getBytes(StandardCharsets.UTF_8));
                        md.update((byte) '\t');
                    }
                    md.update((byte) '\n');
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops both HTTP ports. */
    @Override
    public void close() {
        servers.close();
    }

    /**
     * Runs the double as its own process until killed: {@code [fePort] [bePort] [user] [password] [discard]}; prints
     * the addresses (never the password); {@code discard} answers loads as usual but keeps none of their rows.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder b = builder();
        if (args.length > 0) {
            b.fePort(Integer.parseInt(args[0]));
        }
        if (args.length > 1) {
            b.bePort(Integer.parseInt(args[1]));
        }
        if (args.length > 2) {
            b.user(args[2]);
        }
        if (args.length > 3) {
            b.password(args[3]);
        }
        if (args.length > 4) {
            if (!args[4].equals("discard")) {
                System.err.println("Doris double: the fifth argument can only be \"discard\", not \"" + args[4] + "\"");
                System.exit(2);
                return;
            }
            b.discardRows();
        }
        DorisDouble d;
        try {
            d = b.start();
        } catch (RuntimeException e) {
            System.err.println("Doris double did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            d.close();
            stopped.countDown();
        }, "doris-double-shutdown"));
        System.out.println("Doris double: FE http://" + d.feAddress() + " BE http://127.0.0.1:" + d.bePort()
                + " user " + d.user());
        stopped.await();
    }

    /** Configures and starts a {@link DorisDouble}. */
    public static final class Builder {
        private String user = "root";
        private String password = "";
        private int fePort;
        private int bePort;
        private Duration precommitTimeout = Duration.ofSeconds(3600);
        private Duration labelRetention = Duration.ofSeconds(43200);
        private Duration heavySchemaChangeDuration = Duration.ofMillis(300);
        private Clock clock = Clock.systemUTC();
        private int backends = 1;
        private boolean discardRows;

        private Builder() {
        }

        /** The user loads and SQL must authenticate as (default root). */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** The password (default empty). */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The FE HTTP port; 0 picks a free one. */
        public Builder fePort(int port) {
            this.fePort = checkPort(port);
            return this;
        }

        /** The BE HTTP port; 0 picks a free one. */
        public Builder bePort(int port) {
            this.bePort = checkPort(port);
            return this;
        }

        /** How long a PRECOMMITTED txn lives ({@code stream_load_default_precommit_timeout_second}, 3600 s). */
        public Builder precommitTimeout(Duration d) {
            this.precommitTimeout = positive(d, "precommitTimeout");
            return this;
        }

        /** How long a finished label stays taken ({@code streaming_label_keep_max_second}, 43200 s). */
        public Builder labelRetention(Duration d) {
            this.labelRetention = positive(d, "labelRetention");
            return this;
        }

        /** How long a heavy schema change takes through PENDING, WAITING_TXN and RUNNING (default 300 ms). */
        public Builder heavySchemaChangeDuration(Duration d) {
            this.heavySchemaChangeDuration = positive(d, "heavySchemaChangeDuration");
            return this;
        }

        /** The clock for transaction expiry, label retention and schema-change progress. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How many BEs the cluster claims, which bounds replication_num (default 1). */
        public Builder backends(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("backends < 1");
            }
            this.backends = n;
            return this;
        }

        /**
         * Loads, 2PC, labels and SQL behave as usual, but a load only counts its JSON lines and keeps no row: an
         * endpoint that costs almost nothing per row, to measure a client's own ceiling; tables stay empty.
         */
        public Builder discardRows() {
            this.discardRows = true;
            return this;
        }

        /** Starts both ports. */
        public DorisDouble start() {
            DorisDouble d = new DorisDouble(this);
            try {
                d.servers.start(fePort, bePort);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                d.close();
                throw new IllegalStateException("interrupted while binding ports", e);
            } catch (Exception e) {
                // Netty's sync() rethrows a checked BindException as is: close either way, so that no event loop
                // thread is left running
                d.close();
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("cannot listen on 127.0.0.1 (FE port " + fePort + ", BE port "
                        + bePort + "): " + e, e);
            }
            return d;
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port not in 0..65535: " + port);
            }
            return port;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " <= 0");
            }
            return d;
        }
    }
}
