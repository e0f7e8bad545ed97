package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.CommitPolicy;
import org.binlogload.connector.job.DorisTargetInspector;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.NamePattern;
import org.binlogload.connector.job.SourceSpec;
import org.binlogload.connector.job.TableFilter;
import org.binlogload.connector.job.TargetTable;
import org.binlogload.connector.state.LocalStateStore;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mappings end to end (private MariaDB, embedded Canal, the Doris double): a single-table channel creates its Doris
 * table, whole databases take their INCLUDE/EXCLUDE at the start and for tables created later, a keyless table
 * created later is left out visibly, and a schema pattern takes every matching database, also one created later.
 */
@ExtendWith(MariaDbExtension.class)
class SyncJobMappingsMariaDbTest {
  private static final AtomicInteger IDS = new AtomicInteger(100);
  @RegisterExtension
  static final EngineFixture ENGINE = new EngineFixture(DorisDouble.builder());
  private static final DorisDouble doris = ENGINE.doris;

  private static JobDefinition definition(TestDatabase db, List<ChannelSpec> channels) {
    String[] at = db.masterStatus();
    return JobDefinition.builder().database("jobs").name("job" + IDS.get())
        .source(SourceSpec.builder().host(db.host()).port(db.port()).user(db.server().replUser())
            .password(db.server().replPassword()).startPosition(at[0] + ":" + at[1]).build())
        .properties(Map.of("replication_num", "1"))
        .commitPolicy(CommitPolicy.builder().intervalSeconds(1).minCommitSize(200).build())
        .channels(channels).build();
  }

  private static SyncJob start(JobDefinition def, Path dir) {
    long id = IDS.incrementAndGet();
    SyncJob job = ENGINE.create(id, def, LocalStateStore.open(dir).scoped("jobs/" + id));
    job.start();
    Wait.until("job reading the binlog", Duration.ofSeconds(30), () -> {
      if (job.state() != JobState.RUNNING) {
        throw new AssertionError("job is " + job.state() + ": " + job.message());
      }
      return job.isReading();
    });
    return job;
  }

  /** A fresh source database {@code name} on the test server. */
  private static TestDatabase database(TestDatabase db, String name) throws Exception {
    try (Connection c = db.server().adminConnection(null); java.sql.Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS `" + name + "`");
      st.execute("CREATE DATABASE `" + name + "`");
    }
    return new TestDatabase(db.server(), name);
  }

  /** MySQL's rows of {@code select}, normalized, ordered by the first (integer) column. */
  private static List<List<String>> mysqlRows(TestDatabase db, String select) {
    List<List<String>> out = new ArrayList<>();
    for (List<Object> r : db.query(select)) {
      List<String> row = new ArrayList<>();
      r.forEach(v -> row.add(SyncJobMariaDbTest.norm(v)));
      out.add(row);
    }
    out.sort(Comparator.comparingLong(r -> Long.parseLong(r.get(0))));
    return out;
  }

  private static List<List<String>> dorisRows(String db, String table) {
    List<List<String>> out = new ArrayList<>();
    try {
      for (Map<String, Object> r : doris.rows(db, table)) {
        List<String> row = new ArrayList<>();
        r.values().forEach(v -> row.add(SyncJobMariaDbTest.norm(v)));
        out.add(row);
      }
    } catch (RuntimeException e) {
      return List.of(List.of("no table: " + e.getMessage()));
    }
    out.sort(Comparator.comparingLong(r -> Long.parseLong(r.get(0))));
    return out;
  }

  private static void awaitEqual(SyncJob job, TestDatabase db, String select, String dorisDb, String table) {
    Wait.until(dorisDb + "." + table + " equal to " + select, Duration.ofSeconds(60), () -> {
      if (job.state() != JobState.RUNNING) {
        throw new AssertionError("job is " + job.state() + ": " + job.message());
      }
      return mysqlRows(db, select).equals(dorisRows(dorisDb, table));
    });
    assertThat(dorisRows(dorisDb, table)).isEqualTo(mysqlRows(db, select)).isNotEmpty();
  }

  private static List<String> dorisTables(String db) {
    List<String> out = new ArrayList<>();
    doris.sql(db, "SHOW TABLES").rows().forEach(r -> out.add(String.valueOf(r.get(0))));
    return out;
  }

  @Test
  void aSingleTableChannelCreatesItsDorisTableWithTheListedColumnsOnly(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE orders (id INT PRIMARY KEY, v VARCHAR(10), secret VARCHAR(10))",
        "CREATE TABLE items (id BIGINT PRIMARY KEY, n INT)");
    doris.sql("", "CREATE DATABASE single");
    SyncJob job = start(definition(db, List.of(
        ChannelSpec.table(db.schema(), "orders", "single", "orders_copy", List.of("id", "v")),
        ChannelSpec.table(db.schema(), "items", "single", "items", List.of()))), dir);
    DorisTargetInspector inspector = new DorisTargetInspector(ENGINE.client);
    TargetTable copy = inspector.table("single", "orders_copy").orElseThrow();
    assertThat(copy.columns()).containsExactly("id", "v");
    assertThat(copy.keyColumns()).containsExactly("id");
    assertThat(copy.sequence()).isTrue();
    assertThat(inspector.table("single", "items").orElseThrow().sequence()).isTrue();
    db.execute("INSERT INTO orders VALUES (1, 'a', 's1'), (2, 'b', 's2'), (3, 'c', 's3')",
        "UPDATE orders SET v = 'bb', secret = 'x' WHERE id = 2", "DELETE FROM orders WHERE id = 3",
        "INSERT INTO items VALUES (1, 10), (2, 20)");
    awaitEqual(job, db, "SELECT id, v FROM orders", "single", "orders_copy");
    awaitEqual(job, db, "SELECT * FROM items", "single", "items");
  }

  @Test
  void excludedTablesAreNotSyncedAtTheStartNorWhenCreatedLaterAndAKeylessOneIsShown(TestDatabase db,
      @TempDir Path dir) throws Exception {
    String schema = db.schema() + "_ex";
    TestDatabase src = database(db, schema);
    src.execute("CREATE TABLE keep1 (id INT PRIMARY KEY, v INT)", "CREATE TABLE audit_log (id INT PRIMARY KEY)",
        "CREATE TABLE tmp_a (id INT PRIMARY KEY)");
    doris.sql("", "CREATE DATABASE ex");
    SyncJob job = start(definition(db, List.of(ChannelSpec.wholeDatabase(schema, "ex", TableFilter.of(List.of(),
        List.of(NamePattern.glob("audit_log"), NamePattern.glob("tmp_*")))))), dir);
    assertThat(dorisTables("ex")).containsExactly("keep1");
    src.execute("INSERT INTO keep1 VALUES (1, 1)", "INSERT INTO audit_log VALUES (1)", "INSERT INTO tmp_a VALUES (1)");
    awaitEqual(job, src, "SELECT * FROM keep1", "ex", "keep1");
    src.execute("CREATE TABLE tmp_b (id INT PRIMARY KEY)", "INSERT INTO tmp_b VALUES (1)",
        "CREATE TABLE nokey (at INT, msg VARCHAR(10))", "INSERT INTO nokey VALUES (1, 'lost?')",
        "CREATE TABLE kept2 (id INT PRIMARY KEY, s VARCHAR(10))", "INSERT INTO kept2 VALUES (1, 'x'), (2, 'y')",
        "ALTER TABLE nokey ADD COLUMN n INT", "INSERT INTO keep1 VALUES (2, 2)");
    awaitEqual(job, src, "SELECT * FROM kept2", "ex", "kept2");
    awaitEqual(job, src, "SELECT * FROM keep1", "ex", "keep1");
    assertThat(dorisTables("ex")).containsExactlyInAnyOrder("keep1", "kept2");
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.status().notSynced()).containsOnlyKeys(schema + ".nokey");
    assertThat(job.status().notSynced().get(schema + ".nokey")).startsWith("it was created at ")
        .contains("without a primary key or NOT NULL unique key");
    src.execute("DROP DATABASE " + schema);
  }

  @Test
  void aSchemaPatternTakesEveryMatchingDatabaseAndOneCreatedLater(TestDatabase db, @TempDir Path dir)
      throws Exception {
    String p = db.schema() + "_p";
    TestDatabase p1 = database(db, p + "1");
    TestDatabase p2 = database(db, p + "2");
    p1.execute("CREATE TABLE orders (id INT PRIMARY KEY, v VARCHAR(10))");
    p2.execute("CREATE TABLE orders (id INT PRIMARY KEY, v VARCHAR(10))", "CREATE TABLE tmp_x (id INT PRIMARY KEY)");
    for (int i = 1; i <= 3; i++) {
      doris.sql("", "CREATE DATABASE pat_" + p + i);
    }
    try (Connection c = db.server().adminConnection(null); java.sql.Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS `" + p + "3`");
    }
    SyncJob job = start(definition(db, List.of(ChannelSpec.wholeDatabase(p + "*", "pat_${db}",
        TableFilter.of(List.of(), List.of(NamePattern.glob("tmp_*")))))), dir);
    assertThat(dorisTables("pat_" + p + "2")).containsExactly("orders");
    p1.execute("INSERT INTO orders VALUES (1, 'a'), (2, 'b')");
    p2.transaction("INSERT INTO orders VALUES (1, 'z')", "INSERT INTO tmp_x VALUES (1)");
    p1.execute("UPDATE orders SET v = 'bb' WHERE id = 2");
    try (Connection c = db.server().adminConnection(null); java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE `" + p + "3`");
    }
    TestDatabase p3 = new TestDatabase(db.server(), p + "3");
    p3.execute("CREATE TABLE orders (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO orders VALUES (7, 'new')",
        "CREATE TABLE tmp_y (id INT PRIMARY KEY)", "INSERT INTO tmp_y VALUES (1)");
    awaitEqual(job, p1, "SELECT * FROM orders", "pat_" + p + "1", "orders");
    awaitEqual(job, p2, "SELECT * FROM orders", "pat_" + p + "2", "orders");
    awaitEqual(job, p3, "SELECT * FROM orders", "pat_" + p + "3", "orders");
    assertThat(dorisTables("pat_" + p + "3")).containsExactly("orders");
    assertThat(job.status().channels()).extracting(c -> c.name()).containsExactlyInAnyOrder(
        p + "1.orders->pat_" + p + "1.orders", p + "2.orders->pat_" + p + "2.orders",
        p + "3.orders->pat_" + p + "3.orders");
    for (TestDatabase d : List.of(p1, p2, p3)) {
      d.execute("DROP DATABASE " + d.schema());
    }
  }

  @Test
  void anInitialJobCopiesEveryMatchingDatabaseButNotItsExcludedTables(TestDatabase db, @TempDir Path dir)
      throws Exception {
    String p = db.schema() + "_i";
    TestDatabase i1 = database(db, p + "1");
    TestDatabase i2 = database(db, p + "2");
    for (TestDatabase d : List.of(i1, i2)) {
      d.execute("CREATE TABLE orders (id INT PRIMARY KEY, v VARCHAR(10))",
          "CREATE TABLE audit_log (id INT PRIMARY KEY)",
          "INSERT INTO orders VALUES (1, 'old'), (2, 'old2'), (3, 'old3')", "INSERT INTO audit_log VALUES (1), (2)");
      doris.sql("", "CREATE DATABASE ini_" + d.schema());
    }
    JobDefinition def = definition(db, List.of(ChannelSpec.wholeDatabase(p + "*", "ini_${db}",
        TableFilter.of(List.of(), List.of(NamePattern.glob("audit_log"))))));
    SyncJob job = start(def.toBuilder().source(def.source().toBuilder().startPosition(SourceSpec.INITIAL).build())
        .build(), dir);
    i1.execute("UPDATE orders SET v = 'new' WHERE id = 2", "INSERT INTO audit_log VALUES (3)");
    i2.execute("DELETE FROM orders WHERE id = 1");
    awaitEqual(job, i1, "SELECT * FROM orders", "ini_" + p + "1", "orders");
    awaitEqual(job, i2, "SELECT * FROM orders", "ini_" + p + "2", "orders");
    assertThat(dorisTables("ini_" + p + "1")).containsExactly("orders");
    assertThat(dorisTables("ini_" + p + "2")).containsExactly("orders");
    for (TestDatabase d : List.of(i1, i2)) {
      d.execute("DROP DATABASE " + d.schema());
    }
  }

  @Test
  void aDatabaseJoiningWithoutItsDorisDatabasePausesNamingItAndResumesOnceItExists(TestDatabase db,
      @TempDir Path dir) throws Exception {
    String p = db.schema() + "_j";
    TestDatabase j1 = database(db, p + "1");
    j1.execute("CREATE TABLE t (id INT PRIMARY KEY)");
    doris.sql("", "CREATE DATABASE jn_" + p + "1");
    try (Connection c = db.server().adminConnection(null); java.sql.Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS `" + p + "2`");
    }
    SyncJob job = start(definition(db, List.of(ChannelSpec.wholeDatabase(p + "*", "jn_${db}"))), dir);
    TestDatabase j2 = database(db, p + "2");
    j2.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)", "INSERT INTO t VALUES (1, 1), (2, 2)");
    j1.execute("INSERT INTO t VALUES (5)");
    Wait.until("the job paused on the missing Doris database", Duration.ofSeconds(60),
        () -> job.state() == JobState.PAUSED);
    assertThat(job.message()).contains("CREATE DATABASE `jn_" + p + "2`");
    doris.sql("", "CREATE DATABASE jn_" + p + "2");
    job.resume();
    awaitEqual(job, j2, "SELECT * FROM t", "jn_" + p + "2", "t");
    awaitEqual(job, j1, "SELECT * FROM t", "jn_" + p + "1", "t");
    for (TestDatabase d : List.of(j1, j2)) {
      d.execute("DROP DATABASE " + d.schema());
    }
  }

  @Test
  void renamesOutOfAndIntoTheExcludedSetAreShownAsNotSyncedWhileTheJobRunsOn(TestDatabase db, @TempDir Path dir)
      throws Exception {
    String schema = db.schema() + "_rn";
    TestDatabase src = database(db, schema);
    src.execute("CREATE TABLE orders (id INT PRIMARY KEY, v INT)", "CREATE TABLE tmp_new (id INT PRIMARY KEY)",
        "CREATE TABLE items (id INT PRIMARY KEY)");
    doris.sql("", "CREATE DATABASE rn");
    SyncJob job = start(definition(db, List.of(ChannelSpec.wholeDatabase(schema, "rn", TableFilter.of(List.of(),
        List.of(NamePattern.glob("tmp_*")))))), dir);
    src.execute("INSERT INTO orders VALUES (1, 1), (2, 2)", "INSERT INTO tmp_new VALUES (1)",
        "INSERT INTO items VALUES (1)");
    awaitEqual(job, src, "SELECT * FROM orders", "rn", "orders");
    src.execute("RENAME TABLE orders TO tmp_orders", "INSERT INTO tmp_orders VALUES (3, 3)",
        "RENAME TABLE tmp_new TO fresh", "INSERT INTO fresh VALUES (2)", "INSERT INTO items VALUES (2)");
    awaitEqual(job, src, "SELECT * FROM items", "rn", "items");
    assertThat(job.status().notSynced()).containsOnlyKeys(schema + ".tmp_orders", schema + ".fresh");
    assertThat(job.status().notSynced().get(schema + ".tmp_orders")).contains("from " + schema + ".orders, which the "
        + "job synced, to a name its EXCLUDE (tmp_*) leaves out, so the job no longer syncs it; Doris table rn.orders "
        + "keeps its rows up to that point");
    assertThat(job.status().notSynced().get(schema + ".fresh")).contains("which the job did not sync, so Doris has "
        + "none of its earlier rows");
    assertThat(dorisRows("rn", "orders")).isEqualTo(List.of(List.of("1", "1"), List.of("2", "2")));
    assertThat(dorisTables("rn")).containsExactlyInAnyOrder("orders", "items");
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    src.execute("DROP DATABASE " + schema);
  }
}
