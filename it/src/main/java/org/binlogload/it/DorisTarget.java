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

  /**
   * Every row of {@code db.table} (ordered by {@code orderBy} when given), each value as Doris prints it (null for
   * NULL). {@code /api/query} returns at most 1000 rows by default, so the double is read in-process and a real
   * Doris in pages of 1000 rows by the first {@code orderBy} column ({@code WHERE k > last ORDER BY k LIMIT 1000}).
   */
  public List<List<String>> rows(String db, String table, List<String> orderBy) {
    if (dorisDouble != null) {
      List<List<String>> out = new ArrayList<>();
      List<Integer> scales = new ArrayList<>();
      for (List<String> c : describe(db, table)) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("datetime(?:v2)?\\((\\d)\\)")
            .matcher(c.get(1).toLowerCase(java.util.Locale.ROOT));
        scales.add(m.find() ? Integer.parseInt(m.group(1)) : 0);
      }
      for (java.util.Map<String, Object> r : dorisDouble.rows(db, table)) {
        List<String> row = new ArrayList<>(r.size());
        for (Object v : r.values()) {
          row.add(print(v, row.size() < scales.size() ? scales.get(row.size()) : 6));
        }
        out.add(row);
      }
      if (!orderBy.isEmpty()) {
        int k = columns(db, table).indexOf(orderBy.get(0));
        if (k >= 0) {
          out.sort((a, b) -> compareValues(a.get(k), b.get(k)));
        }
      }
      return out;
    }
    List<List<String>> out = new ArrayList<>();
    if (orderBy.isEmpty()) {
      return page(db, "SELECT * FROM " + DorisClient.quoteIdent(table), out);
    }
    String key = DorisClient.quoteIdent(orderBy.get(0));
    int k = columns(db, table).indexOf(orderBy.get(0));
    String last = null;
    while (true) {
      int before = out.size();
      page(db, "SELECT * FROM " + DorisClient.quoteIdent(table) + (last == null ? "" : " WHERE " + key + " > '"
          + last.replace("'", "''") + "'") + " ORDER BY " + key + " LIMIT 1000", out);
      if (out.size() - before < 1000) {
        return out;
      }
      last = out.get(out.size() - 1).get(k);
    }
  }

  private List<List<String>> page(String db, String sql, List<List<String>> out) {
    QueryResult r = client.query(db, sql);
    for (List<Object> row : r.rows()) {
      List<String> s = new ArrayList<>(row.size());
      for (Object v : row) {
        s.add(v == null ? null : String.valueOf(v));
      }
      out.add(s);
    }
    return out;
  }

  /** A value of the double's storage as Doris prints it; {@code scale} is a DATETIME's fractional digits. */
  private static String print(Object v, int scale) {
    if (v == null) {
      return null;
    }
    if (v instanceof java.math.BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof java.time.LocalDateTime t) {
      String s = t.toLocalDate() + " " + String.format(java.util.Locale.ROOT, "%02d:%02d:%02d", t.getHour(),
          t.getMinute(), t.getSecond());
      return scale == 0 ? s : s + "." + String.format(java.util.Locale.ROOT, "%09d", t.getNano()).substring(0, scale);
    }
    if (v instanceof Boolean b) {
      return b ? "1" : "0";
    }
    return v.toString();
  }

  private static int compareValues(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    try {
      return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
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
