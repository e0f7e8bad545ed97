package org.binlogload.connector.doris;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to Doris over its HTTP interfaces: Stream Load with two-phase commit, 2PC commit and abort,
 * label recovery after a restart, and SQL through {@code /api/query}.
 *
 * <p>Thread-safe; one instance per Doris cluster. Errors are {@link DorisException}s classified by
 * {@link DorisErrorClassifier}; retryable ones are retried per {@link DorisConfig#retryPolicy()}, a load always
 * with the same label.
 *
 * <p>A facade over the parts: {@link StreamLoader} (Stream Load), {@link Transactions} (2PC), {@link LabelRecovery}
 * (settling labels after a restart) and {@link DorisSql} (SQL), all sending through {@link DorisHttp} (FE failover,
 * redirects, errors, retries) over one {@link HttpTransport}.
 */
public final class DorisClient implements AutoCloseable {
  private final DorisConfig config;
  private final DorisHttp http;
  private final StreamLoader loader;
  private final Transactions txns;
  private final LabelRecovery recovery;
  private final DorisSql sql;

  private DorisClient(DorisConfig config, HttpTransport transport) {
    this.config = config;
    this.http = new DorisHttp(config, transport);
    this.txns = new Transactions(http);
    this.loader = new StreamLoader(http, txns);
    this.recovery = new LabelRecovery(http, loader, txns);
    this.sql = new DorisSql(http);
  }

  /** A client for the cluster {@code config} describes. */
  public static DorisClient create(DorisConfig config) {
    return new DorisClient(config, new ApacheHttpTransport(config.connectTimeout(), config.readTimeout()));
  }

  /** The configuration. */
  public DorisConfig config() {
    return config;
  }

  /**
   * Streams {@code rows} into {@code request}'s table under its label and returns Doris's answer:
   * PRECOMMITTED (two-phase) or committed. A retryable failure is retried with the same label, so a load that
   * reached Doris before its answer was lost comes back as {@code Label Already Exists}/PRECOMMITTED.
   *
   * @throws DorisException on a fatal error, or a retryable one after the last attempt
   */
  public LoadResult streamLoad(LoadRequest request, RowSource rows) {
    return loader.load(request, rows);
  }

  /** Commits PRECOMMITTED transaction {@code txnId} of {@code db}; already committed counts as committed. */
  public TxnResult commit(String db, long txnId) {
    return txns.commit(db, txnId);
  }

  /** Aborts transaction {@code txnId} of {@code db}. */
  public TxnResult abort(String db, long txnId) {
    return txns.abort(db, txnId);
  }

  /** Commits the PRECOMMITTED transaction holding {@code label}; NOT_FOUND if none is PRECOMMITTED. */
  public TxnResult commit(String db, Label label) {
    return txns.commit(db, label);
  }

  /** Aborts the PREPARE or PRECOMMITTED transaction holding {@code label}; NOT_FOUND if none is. */
  public TxnResult abort(String db, Label label) {
    return txns.abort(db, label);
  }

  /**
   * Settles {@code labels} of {@code db.table} after a restart according to the persisted {@code decision}:
   * each label is probed with an empty two-phase load under it (Doris answers {@code Label Already Exists} with the
   * state of the earlier load, or starts a new txn that is aborted at once), then what is PRECOMMITTED is committed or
   * aborted, what is RUNNING is aborted (ABORT) or waited for (COMMIT).
   */
  public List<RecoveryResult> recover(String db, String table, List<Label> labels, RecoveryResult.Decision decision) {
    return recovery.recover(db, table, labels, decision);
  }

  /**
   * Runs {@code stmt} in {@code db} (empty: {@code information_schema}) through
   * {@code POST /api/query/default_cluster/{db}} and returns its rows (none for DDL). Reads are retried on any
   * retryable error; other statements only when Doris refused them outright (schema change running, table not
   * stable), since a lost answer may hide a success.
   *
   * @throws DorisSqlException when Doris refuses the statement
   */
  public QueryResult query(String db, String stmt) {
    return sql.query(db, stmt);
  }

  /** Runs a statement that returns no rows (DDL). */
  public void execute(String db, String stmt) {
    sql.query(db, stmt);
  }

  /**
   * Waits until the latest schema change job of {@code db.table} is FINISHED, polling {@code SHOW ALTER TABLE COLUMN};
   * returns that job's row, or empty when the table never had one.
   *
   * @throws DorisSqlException kind {@link ErrorKind#SCHEMA_CHANGE_CANCELLED} with the job's Msg when it was cancelled
   * @throws DorisException kind {@link ErrorKind#TIMEOUT} when it did not finish within {@code timeout}
   */
  public Optional<Map<String, Object>> awaitSchemaChange(String db, String table, Duration timeout) {
    return sql.awaitSchemaChange(db, table, timeout);
  }

  /** The columns of {@code db.table} as {@code DESC} lists them. */
  public List<DorisColumn> describe(String db, String table) {
    return sql.describe(db, table);
  }

  /** {@code name} in backquotes, inner backquotes doubled. */
  public static String quoteIdent(String name) {
    return DorisSql.quoteIdent(name);
  }

  /** The peak encoded body held in memory by the last load, for tests of streaming. */
  int lastPeakBufferedBytes() {
    return loader.lastPeakBufferedBytes();
  }

  /** Turns {@code Expect: 100-continue} off, for tests of Doris refusing a load without it. */
  void expectContinueForTest(boolean on) {
    loader.expectContinue(on);
  }

  /** Releases the HTTP connections. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "DorisClient{" + config + "}";
  }
}
