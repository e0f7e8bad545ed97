package org.binlogload.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.doris.DorisSqlException;
import org.binlogload.connector.doris.QueryResult;
import org.binlogload.connector.doris.RetryPolicy;
import org.binlogload.dorisdouble.DorisDouble;

/**
 * The Doris an end-to-end run syncs into: a real cluster when {@code DORIS_FE_HTTP} is set (with {@code DORIS_USER}
 * and {@code DORIS_PASSWORD}, as in docs/doris-client.md), otherwise an in-process {@link DorisDouble}.
 *
 * <p>Reads go through SQL over {@code /api/query} in both cases, so a test sees what a Doris user would see.
 */
public final class DorisTarget implements AutoCloseable {
  /** Comma-separated FE HTTP addresses of a real Doris. */
  public static final String ENV_FE_HTTP = "DORIS_FE_HTTP";
  /** The user of a real Doris (default root). */
  public static final String ENV_USER = "DORIS_USER";
  /** The password of a real Doris (default empty). */
  public static final String ENV_PASSWORD = "DORIS_PASSWORD";

  private final DorisDouble dorisDouble;
  private final String feAddresses;
  private final String user;
  private final String password;
  private final DorisClient client;

  private DorisTarget(DorisDouble dorisDouble, String feAddresses, String user, String password) {
    this.dorisDouble = dorisDouble;
    this.feAddresses = feAddresses;
    this.user = user;
    this.password = password;
    this.client = DorisClient.create(DorisConfig.builder().feAddresses(feAddresses).user(user).password(password)
        .retryPolicy(RetryPolicy.of(4, Duration.ofMillis(50), Duration.ofSeconds(1))).build());
  }

  /**
   * A real Doris when {@code DORIS_FE_HTTP} is set, else a fresh double with three backends (so tables get Doris's
   * default three replicas) and the password {@code double_pw}.
   */
  public static DorisTarget start() {
    return start(DorisDouble.builder().password("double_pw").backends(3));
  }

  /** A real Doris when {@code DORIS_FE_HTTP} is set, else the double {@code builder} starts. */
  public static DorisTarget start(DorisDouble.Builder builder) {
    String fe = System.getenv(ENV_FE_HTTP);
    if (fe != null && !fe.isBlank()) {
      String u = System.getenv(ENV_USER);
      String p = System.getenv(ENV_PASSWORD);
      return new DorisTarget(null, fe.trim(), u == null || u.isBlank() ? "root" : u, p == null ? "" : p);
    }
    DorisDouble d = builder.start();
    return new DorisTarget(d, d.feAddress(), d.user(), d.password());
  }

  /** Whether {@code DORIS_FE_HTTP} names a real Doris (then fault injection is not available). */
  public static boolean realDorisConfigured() {
    String fe = System.getenv(ENV_FE_HTTP);
    return fe != null && !fe.isBlank();
  }

  /** Whether this is the double. */
  public boolean isDouble() {
    return dorisDouble != null;
  }

  /** The double, for fault injection and fast checksums; empty against a real Doris. */
  public Optional<DorisDouble> dorisDouble() {
    return Optional.ofNullable(dorisDouble);
  }

  /** The FE HTTP addresses, comma-separated. */
  public String feAddresses() {
    return feAddresses;
  }

  public String user() {
    return user;
  }

  /** The password, to hand to a daemon's configuration (never printed). */
  public String password() {
    return password;
  }

  /** A client of this Doris. */
  public DorisClient client() {
    return client;
  }

  /** Creates {@code db} after dropping it (test databases only). */
  public void recreateDatabase(String db) {
    client.execute("", "DROP DATABASE IF EXISTS " + DorisClient.quoteIdent(db) + " FORCE");
    client.execute("", "CREATE DATABASE " + DorisClient.quoteIdent(db));
  }

  /** Runs a statement. */
  public void execute(String db, String sql) {
    client.execute(db, sql);
  }

  /** The rows of {@code SELECT * FROM db.table ORDER BY <keys>}, each value as Doris prints it (null for NULL). */
  public List<List<String>> rows(String db, String table, List<String> orderBy) {
    StringBuilder sql = new StringBuilder("SELECT * FROM ").append(DorisClient.quoteIdent(table));
    if (!orderBy.isEmpty()) {
      sql.append(" ORDER BY ");
      for (int i = 0; i < orderBy.size(); i++) {
        sql.append(i > 0 ? ", " : "").append(DorisClient.quoteIdent(orderBy.get(i)));
      }
    }
    QueryResult r = client.query(db, sql.toString());
    List<List<String>> out = new ArrayList<>(r.rows().size());
    for (List<Object> row : r.rows()) {
      List<String> s = new ArrayList<>(row.size());
      for (Object v : row) {
        s.add(v == null ? null : String.valueOf(v));
      }
      out.add(s);
    }
    return out;
  }

  /** The visible column names of {@code db.table} in order, or empty when the table does not exist. */
  public List<String> columns(String db, String table) {
    try {
      List<String> out = new ArrayList<>();
      client.describe(db, table).forEach(c -> out.add(c.name()));
      return out;
    } catch (DorisSqlException e) {
      return List.of();
    }
  }

  /** {@code DESC db.table} as (column, Doris type) pairs. */
  public List<List<String>> describe(String db, String table) {
    List<List<String>> out = new ArrayList<>();
    client.describe(db, table).forEach(c -> out.add(List.of(c.name(), c.type())));
    return out;
  }

  /** The number of rows of {@code db.table}. */
  public long count(String db, String table) {
    if (dorisDouble != null) {
      return dorisDouble.count(db, table);
    }
    QueryResult r = client.query(db, "SELECT COUNT(*) FROM " + DorisClient.quoteIdent(table));
    return Long.parseLong(String.valueOf(r.rows().get(0).get(0)));
  }

  /** Whether {@code db.table} exists. */
  public boolean tableExists(String db, String table) {
    return !columns(db, table).isEmpty();
  }

  @Override
  public void close() {
    client.close();
    if (dorisDouble != null) {
      dorisDouble.close();
    }
  }

  @Override
  public String toString() {
    return isDouble() ? "the Doris double at " + feAddresses : "Doris at " + feAddresses + " (user " + user + ")";
  }
}
