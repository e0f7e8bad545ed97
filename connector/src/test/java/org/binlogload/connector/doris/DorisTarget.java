package org.binlogload.connector.doris;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.binlogload.dorisdouble.DorisDouble;

/**
 * The Doris a test talks to: a real cluster when {@code DORIS_FE_HTTP} (comma-separated {@code host:http_port}),
 * {@code DORIS_USER} and {@code DORIS_PASSWORD} are set, otherwise a freshly started {@link DorisDouble}.
 */
public final class DorisTarget implements AutoCloseable {
  /** Environment variable naming the FE HTTP addresses, e.g. {@code fe1:8030,fe2:8030}. */
  public static final String ENV_FE_HTTP = "DORIS_FE_HTTP";
  /** Environment variable naming the user (default {@code root}). */
  public static final String ENV_USER = "DORIS_USER";
  /** Environment variable holding the password (default empty). */
  public static final String ENV_PASSWORD = "DORIS_PASSWORD";

  private final DorisDouble dorisDouble;
  private final DorisConfig base;

  private DorisTarget(DorisDouble dorisDouble, DorisConfig base) {
    this.dorisDouble = dorisDouble;
    this.base = base;
  }

  /** A real Doris when {@code DORIS_FE_HTTP} is set, else a double built by {@code builder} and started. */
  public static DorisTarget start(DorisDouble.Builder builder) {
    String fe = System.getenv(ENV_FE_HTTP);
    if (fe != null && !fe.isBlank()) {
      String user = System.getenv().getOrDefault(ENV_USER, "root");
      String password = System.getenv().getOrDefault(ENV_PASSWORD, "");
      return new DorisTarget(null, DorisConfig.builder().feAddresses(fe).user(user).password(password).build());
    }
    DorisDouble d = builder.start();
    DorisConfig c = DorisConfig.builder().feAddress(d.feAddress()).user(d.user()).password(d.password())
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(10)).loadTimeout(Duration.ofSeconds(30))
        .retryPolicy(RetryPolicy.of(4, Duration.ofMillis(20), Duration.ofMillis(200))).build();
    return new DorisTarget(d, c);
  }

  /** A real Doris from the environment, or a double with user {@code root} and a non-trivial password. */
  public static DorisTarget start() {
    return start(DorisDouble.builder().user("root").password("t3st-Secret"));
  }

  /** Whether this is the in-process double (fault injection available). */
  public boolean isDouble() {
    return dorisDouble != null;
  }

  /** The double; fails on a real Doris, so fault tests must check {@link #isDouble()} through an assumption first. */
  public DorisDouble dorisDouble() {
    if (dorisDouble == null) {
      throw new IllegalStateException("running against a real Doris (" + ENV_FE_HTTP + " is set); no double");
    }
    return dorisDouble;
  }

  /** A config builder pointed at this target. */
  public DorisConfig.Builder config() {
    return base.toBuilder();
  }

  /** A client for this target with the default test config. */
  public DorisClient client() {
    return DorisClient.create(base);
  }

  /** Runs a statement: on the double directly, on a real Doris through the client. */
  public void sql(String db, String stmt) {
    if (dorisDouble != null) {
      dorisDouble.sql(db, stmt);
    } else {
      try (DorisClient c = client()) {
        c.execute(db, stmt);
      }
    }
  }

  /** All visible rows of {@code db.table} ordered by key, values as strings (datetimes as Doris prints them, null for NULL). */
  public List<Map<String, String>> rows(String db, String table) {
    List<Map<String, Object>> raw;
    if (dorisDouble != null) {
      raw = dorisDouble.rows(db, table);
    } else {
      try (DorisClient c = client()) {
        String keys = c.describe(db, table).stream().filter(DorisColumn::key).map(k -> DorisClient.quoteIdent(k.name()))
            .collect(Collectors.joining(", "));
        raw = c.query(db, "SELECT * FROM " + DorisClient.quoteIdent(table) + (keys.isEmpty() ? "" : " ORDER BY " + keys))
            .rowMaps();
      }
    }
    List<Map<String, String>> out = new ArrayList<>(raw.size());
    for (Map<String, Object> r : raw) {
      Map<String, String> m = new java.util.LinkedHashMap<>();
      r.forEach((k, v) -> m.put(k, v == null ? null
          : v instanceof java.time.LocalDateTime ? JsonRowEncoder.datetime((java.time.LocalDateTime) v)
          : v instanceof java.math.BigDecimal ? ((java.math.BigDecimal) v).toPlainString() : String.valueOf(v)));
      out.add(m);
    }
    return out;
  }

  /** The number of visible rows of {@code db.table}. */
  public long count(String db, String table) {
    if (dorisDouble != null) {
      return dorisDouble.count(db, table);
    }
    try (DorisClient c = client()) {
      return Long.parseLong(String.valueOf(c.query(db, "SELECT COUNT(*) FROM " + DorisClient.quoteIdent(table))
          .rows().get(0).get(0)));
    }
  }

  @Override
  public void close() {
    if (dorisDouble != null) {
      dorisDouble.close();
    }
  }
}
