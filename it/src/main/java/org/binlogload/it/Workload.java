package org.binlogload.it;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A seeded, repeatable mixed workload on three tables of one MySQL schema: multi-row inserts, updates (also of
 * primary keys), deletes, transactions spanning tables, and at fixed steps the DDL a live schema sees: ADD COLUMN,
 * RENAME COLUMN and MODIFY COLUMN (widening). The same seed gives the same statements.
 *
 * <p>Tables: {@code customers} (INT key, VARCHAR, DATE, DOUBLE, TIMESTAMP(6), utf8mb4 text), {@code orders}
 * (BIGINT key, INT, VARCHAR, DECIMAL, DATETIME(3), TINYINT, TEXT) and {@code events} (BIGINT key, ENUM, VARBINARY,
 * BIGINT UNSIGNED, BIT(8), TIME, SMALLINT, nullable everything).
 */
public final class Workload {
  /** The tables, in creation order. */
  public static final List<String> TABLES = List.of("customers", "orders", "events");

  private static final String[] STATUSES = {"new", "paid", "shipped", "done", "returned"};
  private static final String[] KINDS = {"click", "view", "buy"};
  private static final String[] WORDS = {"alpha", "Beta", "gamma", "délta", "épsilon", "ζeta", "eta 😀", "th'eta",
      "io\\ta", "kap\tpa", "lambda\nmu", ""};

  private final String schema;
  private final Random random;
  private final List<TreeSet<Long>> ids = List.of(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
  private final long[] next = {1, 1, 1};
  private int step;
  private boolean tierAdded;
  private boolean noteRenamed;
  private boolean statusWidened;
  private long statements;
  private Consumer<String> ddlListener = s -> { };

  /** A workload on {@code schema} drawing from {@code seed}. */
  public Workload(String schema, long seed) {
    this.schema = schema;
    this.random = new Random(seed);
  }

  /** Called with each DDL statement before it runs. */
  public Workload onDdl(Consumer<String> listener) {
    this.ddlListener = listener;
    return this;
  }

  /** The schema. */
  public String schema() {
    return schema;
  }

  /** The CREATE TABLE statements of the three tables. */
  public static List<String> createTables() {
    return List.of(
        "CREATE TABLE customers (id INT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL, email VARCHAR(128),"
            + " birthday DATE, score DOUBLE, updated TIMESTAMP(6) NULL DEFAULT NULL, bio TEXT)"
            + " DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(16),"
            + " amount DECIMAL(12,2) NOT NULL, created DATETIME(3) NOT NULL, qty TINYINT, note VARCHAR(200))"
            + " DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE events (id BIGINT NOT NULL PRIMARY KEY, kind ENUM('click','view','buy'), payload VARBINARY(32),"
            + " big BIGINT UNSIGNED, bits BIT(8), dur TIME(3), small SMALLINT)");
  }

  /** Creates the tables in the schema (which must exist). */
  public void create(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String sql : createTables()) {
        st.execute(sql);
      }
    }
  }

  /** The DDL steps: at these step numbers (when reached) a DDL runs instead of DML. */
  public static final int ADD_COLUMN_STEP = 20;
  public static final int RENAME_COLUMN_STEP = 40;
  public static final int MODIFY_COLUMN_STEP = 60;

  /** Runs {@code n} more steps (DML, or a DDL at the DDL steps when {@code ddl}); autocommit is on between steps. */
  public void run(Connection c, int n, boolean ddl) throws SQLException {
    for (int i = 0; i < n; i++) {
      step(c, ddl);
    }
  }

  /** Runs one step. */
  public void step(Connection c, boolean ddl) throws SQLException {
    step++;
    try (Statement st = c.createStatement()) {
      if (ddl && step == ADD_COLUMN_STEP && !tierAdded) {
        ddl(st, "ALTER TABLE customers ADD COLUMN tier VARCHAR(10) DEFAULT 'std'");
        tierAdded = true;
        return;
      }
      if (ddl && step == RENAME_COLUMN_STEP && !noteRenamed) {
        ddl(st, "ALTER TABLE orders RENAME COLUMN note TO remark");
        noteRenamed = true;
        return;
      }
      if (ddl && step == MODIFY_COLUMN_STEP && !statusWidened) {
        ddl(st, "ALTER TABLE orders MODIFY COLUMN status VARCHAR(40)");
        statusWidened = true;
        return;
      }
      int r = random.nextInt(100);
      if (r < 45) {
        int t = random.nextInt(3);
        insert(st, t, 1 + random.nextInt(20));
      } else if (r < 70) {
        update(st, random.nextInt(3));
      } else if (r < 82) {
        delete(st, random.nextInt(3));
      } else if (r < 87) {
        updateKey(st, random.nextInt(3));
      } else {
        transaction(c, st);
      }
    }
  }

  private void ddl(Statement st, String sql) throws SQLException {
    ddlListener.accept(sql);
    exec(st, sql);
  }

  private void transaction(Connection c, Statement st) throws SQLException {
    c.setAutoCommit(false);
    try {
      insert(st, 1, 1 + random.nextInt(5));
      update(st, 0);
      delete(st, 2);
      insert(st, 2, 1 + random.nextInt(5));
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Inserts {@code rows} rows into table {@code t} (0 customers, 1 orders, 2 events) in one statement. */
  public void insert(Statement st, int t, int rows) throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(TABLES.get(t)).append(' ');
    sql.append(switch (t) {
      case 0 -> tierAdded ? "(id, name, email, birthday, score, updated, bio, tier)"
          : "(id, name, email, birthday, score, updated, bio)";
      case 1 -> noteRenamed ? "(id, customer_id, status, amount, created, qty, remark)"
          : "(id, customer_id, status, amount, created, qty, note)";
      default -> "(id, kind, payload, big, bits, dur, small)";
    }).append(" VALUES ");
    for (int i = 0; i < rows; i++) {
      long id = next[t]++;
      ids.get(t).add(id);
      sql.append(i > 0 ? ", " : "").append('(').append(values(t, id)).append(')');
    }
    exec(st, sql.toString());
  }

  private String values(int t, long id) {
    switch (t) {
      case 0: {
        String v = id + ", " + str(word() + " " + id) + ", " + (random.nextInt(5) == 0 ? "NULL"
            : str("user" + id + "@example.com")) + ", " + (random.nextInt(6) == 0 ? "NULL"
            : str(String.format(Locale.ROOT, "%04d-%02d-%02d", 1950 + random.nextInt(60), 1 + random.nextInt(12),
                1 + random.nextInt(28)))) + ", " + (random.nextInt(6) == 0 ? "NULL"
            : String.valueOf(Math.round(random.nextDouble() * 1e6) / 1e3)) + ", " + (random.nextInt(5) == 0 ? "NULL"
            : str(timestamp(6))) + ", " + str(word() + " " + word());
        return tierAdded ? v + ", " + (random.nextBoolean() ? "DEFAULT" : str("gold")) : v;
      }
      case 1:
        return id + ", " + (1 + random.nextInt(1000)) + ", " + str(STATUSES[random.nextInt(STATUSES.length)]) + ", "
            + new BigDecimal(random.nextInt(100_000_000)).movePointLeft(2).toPlainString() + ", "
            + str(timestamp(3)) + ", " + (random.nextInt(7) == 0 ? "NULL" : String.valueOf(random.nextInt(256) - 128))
            + ", " + (random.nextInt(4) == 0 ? "NULL" : str(word() + " #" + id));
      default: {
        byte[] b = new byte[random.nextInt(33)];
        random.nextBytes(b);
        BigInteger big = new BigInteger(64, random);
        return id + ", " + (random.nextInt(5) == 0 ? "NULL" : str(KINDS[random.nextInt(3)])) + ", "
            + (random.nextInt(5) == 0 ? "NULL" : "X'" + HexFormat.of().formatHex(b) + "'") + ", "
            + (random.nextInt(5) == 0 ? "NULL" : big.toString()) + ", "
            + (random.nextInt(5) == 0 ? "NULL" : "b'" + Integer.toBinaryString(random.nextInt(256)) + "'") + ", "
            + (random.nextInt(5) == 0 ? "NULL" : str(String.format(Locale.ROOT, "%s%d:%02d:%02d.%03d",
                random.nextInt(4) == 0 ? "-" : "", random.nextInt(839), random.nextInt(60), random.nextInt(60),
                random.nextInt(1000)))) + ", "
            + (random.nextInt(5) == 0 ? "NULL" : String.valueOf(random.nextInt(65536) - 32768));
      }
    }
  }

  private void update(Statement st, int t) throws SQLException {
    Long id = pick(t);
    if (id == null) {
      insert(st, t, 3);
      return;
    }
    long hi = id + random.nextInt(5);
    String range = " WHERE id BETWEEN " + id + " AND " + hi;
    String sql = switch (t) {
      case 0 -> "UPDATE customers SET score = " + (random.nextInt(3) == 0 ? "NULL" : "score + 1.5")
          + ", updated = " + str(timestamp(6)) + ", name = " + str(word()) + (tierAdded ? ", tier = 'silver'" : "")
          + range;
      case 1 -> "UPDATE orders SET amount = amount + 0.01, status = " + str(STATUSES[random.nextInt(5)])
          + ", " + (noteRenamed ? "remark" : "note") + " = " + str(word()) + range;
      default -> "UPDATE events SET small = " + (random.nextInt(65536) - 32768) + ", bits = b'101', kind = NULL"
          + range;
    };
    exec(st, sql);
  }

  private void delete(Statement st, int t) throws SQLException {
    Long id = pick(t);
    if (id == null) {
      return;
    }
    long hi = id + random.nextInt(3);
    exec(st, "DELETE FROM " + TABLES.get(t) + " WHERE id BETWEEN " + id + " AND " + hi);
    ids.get(t).subSet(id, true, hi, true).clear();
  }

  private void updateKey(Statement st, int t) throws SQLException {
    Long id = pick(t);
    if (id == null) {
      return;
    }
    long moved = next[t]++;
    exec(st, "UPDATE " + TABLES.get(t) + " SET id = " + moved + " WHERE id = " + id);
    ids.get(t).remove(id);
    ids.get(t).add(moved);
  }

  private Long pick(int t) {
    TreeSet<Long> s = ids.get(t);
    if (s.isEmpty()) {
      return null;
    }
    long lo = s.first();
    long hi = s.last();
    Long id = s.ceiling(lo + (long) (random.nextDouble() * (hi - lo + 1)));
    return id == null ? s.last() : id;
  }

  private String timestamp(int digits) {
    String frac = String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000)).substring(0, digits);
    return String.format(Locale.ROOT, "20%02d-%02d-%02d %02d:%02d:%02d.%s", 10 + random.nextInt(20),
        1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60),
        frac);
  }

  private String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static String str(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\t", "\\t") + "'";
  }

  private void exec(Statement st, String sql) throws SQLException {
    st.execute(sql);
    statements++;
  }

  /** The number of steps run. */
  public int steps() {
    return step;
  }

  /** The number of statements run. */
  public long statements() {
    return statements;
  }

  /** The DDL steps that ran, readable. */
  public List<String> ddlDone() {
    List<String> out = new ArrayList<>();
    if (tierAdded) {
      out.add("customers ADD COLUMN tier");
    }
    if (noteRenamed) {
      out.add("orders RENAME COLUMN note TO remark");
    }
    if (statusWidened) {
      out.add("orders MODIFY COLUMN status VARCHAR(40)");
    }
    return out;
  }
}
