package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DdlEvent;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.CommitPolicy;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.SourceSpec;
import org.binlogload.connector.state.LocalStateStore;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The runtime end to end in one JVM: the private MariaDB, embedded Canal, the translator and the Doris double. */
@ExtendWith(MariaDbExtension.class)
class SyncJobMariaDbTest {
  private static final AtomicInteger IDS = new AtomicInteger();
  @RegisterExtension
  static final EngineFixture ENGINE =
      new EngineFixture(DorisDouble.builder().heavySchemaChangeDuration(Duration.ofMillis(300)));
  private static final DorisDouble doris = ENGINE.doris;

  private SyncJob job(TestDatabase db, String dorisDb, Path dir, String... tables) {
    doris.sql("", "CREATE DATABASE " + dorisDb);
    List<ChannelSpec> channels = new ArrayList<>();
    for (String t : tables) {
      channels.add(ChannelSpec.table(db.schema(), t, dorisDb, t, List.of()));
    }
    return create(IDS.incrementAndGet(), definition(db, dorisDb, channels), dir);
  }

  private static JobDefinition definition(TestDatabase db, String dorisDb, List<ChannelSpec> channels) {
    String[] at = db.masterStatus();
    return JobDefinition.builder().database(dorisDb).name("job_" + dorisDb)
        .source(SourceSpec.builder().host(db.host()).port(db.port()).user(db.server().replUser())
            .password(db.server().replPassword()).startPosition(at[0] + ":" + at[1]).build())
        .properties(Map.of("replication_num", "1"))
        .commitPolicy(CommitPolicy.builder().intervalSeconds(1).minCommitSize(200).build())
        .channels(channels).build();
  }

  private SyncJob create(long id, JobDefinition def, Path dir) {
    return ENGINE.create(id, def, LocalStateStore.open(dir).scoped("jobs/" + id));
  }

  /**
   * Starts the job and waits until its reader is connected. Note: embedded-canal takes its first schema snapshot
   * asynchronously when its parser connects, so the tests let the reader see a table's first rows before altering
   * it; a DDL right after the start can otherwise make Canal refuse to decode that table.
   */
  private static void startAndAwaitReading(SyncJob job) {
    job.start();
    Wait.until("job reading the binlog", Duration.ofSeconds(30), () -> {
      if (job.state() != JobState.RUNNING) {
        throw new AssertionError("job is " + job.state() + ": " + job.message());
      }
      return job.isReading();
    });
  }

  /** Waits until every table holds in Doris exactly what it holds in MySQL, row for row. */
  private static void awaitEqual(TestDatabase db, SyncJob job, String dorisDb, String... tables) {
    for (String t : tables) {
      Wait.until(dorisDb + "." + t + " equal to " + db.schema() + "." + t, Duration.ofSeconds(60),
          () -> {
            if (job.state() != JobState.RUNNING) {
              throw new AssertionError("job is " + job.state() + ": " + job.message());
            }
            return mysqlRows(db, t).equals(dorisRows(dorisDb, t));
          });
      assertThat(dorisRows(dorisDb, t)).isEqualTo(mysqlRows(db, t));
    }
  }

  static List<List<String>> mysqlRows(TestDatabase db, String table) {
    List<List<String>> out = new ArrayList<>();
    for (List<Object> r : db.query("SELECT * FROM `" + table + "` ORDER BY 1, 2")) {
      List<String> row = new ArrayList<>();
      r.forEach(v -> row.add(norm(v)));
      out.add(row);
    }
    return out;
  }

  static List<List<String>> dorisRows(String db, String table) {
    List<List<String>> out = new ArrayList<>();
    List<Map<String, Object>> rows;
    try {
      rows = doris.rows(db, table);
    } catch (RuntimeException e) {
      return List.of(List.of("no table yet: " + e.getMessage())); // the job creates it at its first start
    }
    for (Map<String, Object> r : rows) {
      List<String> row = new ArrayList<>();
      r.values().forEach(v -> row.add(norm(v)));
      out.add(row);
    }
    out.sort((a, b) -> {
      for (int i = 0; i < Math.min(2, a.size()); i++) {
        int c = compareValues(a.get(i), b.get(i));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    });
    return out;
  }

  private static int compareValues(String a, String b) {
    try {
      return new BigDecimal(a).compareTo(new BigDecimal(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  static String norm(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof java.sql.Timestamp ts) {
      v = ts.toLocalDateTime();
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    String s = v.toString().replace('T', ' ');
    if (s.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?")) {
      if (s.length() == 16) {
        s = s + ":00";
      }
      s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
    return s;
  }

  @Test
  void mixedWorkloadWithDdlMidStreamEndsEqualRowForRow(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE t1 (id INT PRIMARY KEY, name VARCHAR(32), amount DECIMAL(10,2), at DATETIME(3))",
        "CREATE TABLE t2 (k BIGINT PRIMARY KEY, note VARCHAR(100))");
    SyncJob job = job(db, "mix", dir, "t1", "t2");
    startAndAwaitReading(job);
    StringBuilder ins = new StringBuilder("INSERT INTO t1 VALUES ");
    for (int i = 1; i <= 60; i++) {
      ins.append(i > 1 ? "," : "").append("(").append(i).append(",'n").append(i).append("',").append(i)
          .append(".25,'2024-03-0").append(1 + i % 9).append(" 10:11:12.").append(100 + i).append("')");
    }
    db.execute(ins.toString());
    for (int k = 1; k <= 40; k++) {
      db.execute("INSERT INTO t2 VALUES (" + k + ", 'note " + k + " \u00e9\ud83d\ude00')");
    }
    db.transaction("UPDATE t1 SET amount = amount * 2 WHERE id <= 10", "DELETE FROM t2 WHERE k % 3 = 0",
        "UPDATE t1 SET id = id + 1000 WHERE id = 5");
    db.execute("ALTER TABLE t1 ADD COLUMN extra VARCHAR(20)");
    db.execute("INSERT INTO t1 VALUES (500, 'after', 1.50, '2024-04-01 00:00:00', 'x')",
        "UPDATE t1 SET extra = CONCAT('e', id) WHERE id < 20", "DELETE FROM t1 WHERE id = 7",
        "INSERT INTO t2 VALUES (1000, NULL)");
    awaitEqual(db, job, "mix", "t1", "t2");
    assertThat(doris.count("mix", "t1")).isEqualTo(60);
    assertThat(job.status().channels()).extracting(c -> c.name())
        .containsExactly(db.schema() + ".t1->mix.t1", db.schema() + ".t2->mix.t2");
    assertThat(job.status().position()).isNotNull();
  }

  @Test
  void aQuietJobsSavedPositionFollowsTheBinlogWhileOnlyOtherSchemasChange(TestDatabase db, @TempDir Path dir)
      throws Exception {
    db.execute("CREATE TABLE q1 (id INT PRIMARY KEY)");
    String other = db.schema() + "_busy";
    try (java.sql.Connection c = db.server().adminConnection(null); java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE IF NOT EXISTS " + other);
      st.execute("CREATE TABLE IF NOT EXISTS " + other + ".busy (id INT PRIMARY KEY AUTO_INCREMENT, v INT)");
    }
    doris.sql("", "CREATE DATABASE quiet");
    long id = IDS.incrementAndGet();
    JobDefinition def = definition(db, "quiet", List.of(ChannelSpec.table(db.schema(), "q1", "quiet", "q1", List.of())));
    SyncJob job = create(id, def, dir);
    startAndAwaitReading(job);
    String[] at = db.masterStatus();
    BinlogPosition start = BinlogPosition.of(at[0], Long.parseLong(at[1]));
    try (java.sql.Connection c = db.server().adminConnection(null); java.sql.Statement st = c.createStatement()) {
      // only another schema changes: the saved position must still move, or a restart days later finds it purged
      Wait.until("the quiet job's position passes writes to " + other, Duration.ofSeconds(60), () -> {
        try {
          st.execute("INSERT INTO " + other + ".busy (v) VALUES (1)");
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
        String p = job.status().position();
        return p != null && BinlogPosition.parse(p).compareTo(start) > 0;
      });
      st.execute("DROP DATABASE " + other);
    }
    String saved = job.status().position();
    job.stop();
    SyncJob again = create(id, def, dir);
    assertThat(again.status().position()).as("the restarted job starts from the saved position").isEqualTo(saved);
  }

  @Test
  void injectedDorisFaultsLoseNothingAndDuplicateNothing(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE f1 (id INT PRIMARY KEY, v VARCHAR(20))");
    SyncJob job = job(db, "faults", dir, "f1");
    startAndAwaitReading(job);
    doris.faults().failNextLoads(2).failNextCommits(1).publishTimeoutNext(1).dropConnectionMidBodyNext(1);
    for (int round = 0; round < 6; round++) {
      StringBuilder ins = new StringBuilder("INSERT INTO f1 VALUES ");
      for (int i = 0; i < 50; i++) {
        int id = round * 50 + i;
        ins.append(i > 0 ? "," : "").append("(").append(id).append(",'v").append(id).append("')");
      }
      db.execute(ins.toString(), "UPDATE f1 SET v = CONCAT(v, '!') WHERE id % 7 = " + round,
          "DELETE FROM f1 WHERE id = " + (round * 50 + 3));
      if (round == 2) {
        doris.faults().failNextLoads(1).dropConnectionMidBodyNext(1).failNextCommits(2);
      }
    }
    awaitEqual(db, job, "faults", "f1");
    assertThat(doris.count("faults", "f1")).isEqualTo(294);
  }

  @Test
  void refusedDdlPausesAndAnExplicitSkipResumesWithNothingLost(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE r1 (id INT PRIMARY KEY, v VARCHAR(30))");
    SyncJob job = job(db, "refuse", dir, "r1");
    startAndAwaitReading(job);
    db.execute("INSERT INTO r1 VALUES (1, 'before'), (2, 'before')");
    awaitEqual(db, job, "refuse", "r1"); // the reader has seen r1 before it changes (see the report on Canal)
    db.execute("ALTER TABLE r1 MODIFY v VARCHAR(10)");
    db.execute("INSERT INTO r1 VALUES (3, 'after')", "UPDATE r1 SET v = 'changed' WHERE id = 1");
    Wait.until("job paused on the refused DDL", Duration.ofSeconds(60), () -> job.state() == JobState.PAUSED);
    DdlEvent ddl = job.refusedDdl().orElseThrow(() -> new AssertionError("paused: " + job.message()));
    assertThat(job.message()).contains("ALTER TABLE r1 MODIFY v VARCHAR(10)", ddl.position().toString())
        .containsIgnoringCase("shorten");
    assertThat(dorisRows("refuse", "r1")).as("rows before the DDL are in Doris").hasSize(2);

    job.resume(); // RESUME retries the statement: refused again
    Wait.until("paused again", Duration.ofSeconds(60), () -> job.state() == JobState.PAUSED);
    assertThat(job.refusedDdl().orElseThrow().position()).isEqualTo(ddl.position());

    // the user keeps Doris's longer column (nothing to apply by hand) and skips exactly this statement
    job.skipDdl(ddl.position().toString());
    awaitEqual(db, job, "refuse", "r1");
    assertThat(dorisRows("refuse", "r1")).hasSize(3);
  }

  @Test
  void renameOnlineSchemaChangeAndHeavyModifyKeepTheChannelOnItsDorisTable(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE o1 (id INT PRIMARY KEY, v VARCHAR(20), n INT)");
    SyncJob job = job(db, "osc", dir, "o1");
    startAndAwaitReading(job);
    db.execute("INSERT INTO o1 VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3)");
    awaitEqual(db, job, "osc", "o1");
    // pt-online-schema-change: copy into a shadow, alter it, swap, drop the old table
    db.execute("CREATE TABLE `_o1_new` LIKE o1", "ALTER TABLE `_o1_new` ADD COLUMN w INT",
        "INSERT INTO `_o1_new` (id, v, n) SELECT id, v, n FROM o1",
        "RENAME TABLE o1 TO `_o1_old`, `_o1_new` TO o1", "DROP TABLE `_o1_old`");
    db.execute("INSERT INTO o1 VALUES (4, 'd', 4, 40)", "UPDATE o1 SET w = id * 10 WHERE id < 3");
    // a heavy schema change (integer widening), then a plain rename
    db.execute("ALTER TABLE o1 MODIFY n BIGINT", "INSERT INTO o1 VALUES (5, 'e', 5000000000, 50)");
    awaitEqual(db, job, "osc", "o1");
    assertThat(doris.sql("osc", "SHOW ALTER TABLE COLUMN").toString()).as("a heavy job ran").contains("FINISHED");
    db.execute("RENAME TABLE o1 TO o1_renamed", "INSERT INTO o1_renamed VALUES (6, 'f', 6, 60)",
        "DELETE FROM o1_renamed WHERE id = 1");
    Wait.until("rows after the rename", Duration.ofSeconds(60),
        () -> dorisRows("osc", "o1").equals(mysqlRows(db, "o1_renamed")));
    assertThat(dorisRows("osc", "o1")).isEqualTo(mysqlRows(db, "o1_renamed"));
    assertThat(job.status().channels()).extracting(c -> c.name())
        .containsExactly(db.schema() + ".o1_renamed->osc.o1");
  }

  @Test
  void wholeDatabaseJobCreatesDorisTablesAndFollowsNewAndRenamedTables(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(10))", "CREATE TABLE b (id INT PRIMARY KEY, d DATE)");
    doris.sql("", "CREATE DATABASE whole");
    SyncJob job = create(IDS.incrementAndGet(),
        definition(db, "whole", List.of(ChannelSpec.wholeDatabase(db.schema(), "whole"))), dir);
    startAndAwaitReading(job);
    db.execute("INSERT INTO a VALUES (1, 'x'), (2, 'y')", "INSERT INTO b VALUES (1, '2024-02-29')");
    awaitEqual(db, job, "whole", "a", "b"); // the reader has seen the tables before they change
    db.execute("CREATE TABLE c (id BIGINT UNSIGNED PRIMARY KEY, note TEXT)",
        "INSERT INTO c VALUES (18446744073709551615, 'max')", "RENAME TABLE b TO b2",
        "INSERT INTO b2 VALUES (2, '1999-12-31')");
    awaitEqual(db, job, "whole", "a", "c");
    Wait.until("b renamed to b2 in Doris", Duration.ofSeconds(60),
        () -> mysqlRows(db, "b2").equals(dorisRows("whole", "b2")));
    // the schema is shared with the other tests of this class, whose tables the whole-database job also took
    assertThat(job.status().channels()).extracting(c -> c.name()).contains(
        db.schema() + ".a->whole.a", db.schema() + ".b2->whole.b2", db.schema() + ".c->whole.c")
        .doesNotContain(db.schema() + ".b->whole.b");
  }

  @Test
  void aJobStartingBeforeItsTablesDdlReachesTheSameEndWithNoManualStep(TestDatabase db, @TempDir Path dir)
      throws Exception {
    String past = db.schema() + "_past";
    String[] start = db.masterStatus(); // the job starts here, before every statement below (like "earliest")
    try (java.sql.Connection c = db.server().adminConnection(null); java.sql.Statement st = c.createStatement()) {
      for (String sql : List.of("DROP DATABASE IF EXISTS " + past, "CREATE DATABASE " + past,
          "CREATE TABLE " + past + ".e1 (id INT PRIMARY KEY, v VARCHAR(10))",
          "INSERT INTO " + past + ".e1 VALUES (1, 'a'), (2, 'b')",
          "ALTER TABLE " + past + ".e1 ADD COLUMN extra INT DEFAULT 7",
          "INSERT INTO " + past + ".e1 VALUES (3, 'c', 30)",
          "ALTER TABLE " + past + ".e1 MODIFY v VARCHAR(40)",
          "UPDATE " + past + ".e1 SET v = 'a much longer value' WHERE id = 2",
          "CREATE TABLE " + past + ".gone (id INT PRIMARY KEY)", "INSERT INTO " + past + ".gone VALUES (1)",
          "DROP TABLE " + past + ".gone",
          "CREATE TABLE " + past + ".e2 (id INT PRIMARY KEY, n INT)", "INSERT INTO " + past + ".e2 VALUES (1, 1), (2, 2)",
          "TRUNCATE TABLE " + past + ".e2", "INSERT INTO " + past + ".e2 VALUES (5, 5)")) {
        st.execute(sql);
      }
    }
    SyncJob job = startWholeDatabaseJobAt(db, start, past, "past", dir);
    TestDatabase pastDb = new TestDatabase(db.server(), past);
    awaitEqual(pastDb, job, "past", "e1", "e2");
    assertThat(doris.sql("past", "SHOW TABLES").rows().toString()).doesNotContain("gone");
    // DDL after the start of the job's definitions is applied as always
    pastDb.execute("ALTER TABLE e1 ADD COLUMN later INT", "INSERT INTO e1 VALUES (4, 'd', 40, 400)");
    awaitEqual(pastDb, job, "past", "e1", "e2");
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    pastDb.execute("DROP DATABASE " + past);
  }

  /** Starts a job copying source schema {@code schema} into a new Doris database, reading from {@code start}. */
  private SyncJob startWholeDatabaseJobAt(TestDatabase db, String[] start, String schema, String dorisDb, Path dir) {
    doris.sql("", "CREATE DATABASE " + dorisDb);
    JobDefinition def = definition(db, dorisDb, List.of(ChannelSpec.wholeDatabase(schema, dorisDb)));
    def = def.toBuilder().source(def.source().toBuilder().startPosition(start[0] + ":" + start[1]).build()).build();
    SyncJob job = create(IDS.incrementAndGet(), def, dir);
    job.start();
    return job;
  }

  @Test
  void aColumnRenameBeforeTheJobsDefinitionsPausesInsteadOfLoadingRowsUnderTheOldName(TestDatabase db,
      @TempDir Path dir) throws Exception {
    String past = db.schema() + "_pastrn";
    String[] start = db.masterStatus();
    try (java.sql.Connection c = db.server().adminConnection(null); java.sql.Statement st = c.createStatement()) {
      for (String sql : List.of("DROP DATABASE IF EXISTS " + past, "CREATE DATABASE " + past,
          "CREATE TABLE " + past + ".r (id INT PRIMARY KEY, b INT)", "INSERT INTO " + past + ".r VALUES (1, 10)",
          "ALTER TABLE " + past + ".r RENAME COLUMN b TO c")) {
        st.execute(sql);
      }
    }
    SyncJob job = startWholeDatabaseJobAt(db, start, past, "pastrn", dir);
    Wait.until("the job paused at the rename", Duration.ofSeconds(60), () -> job.state() == JobState.PAUSED);
    assertThat(job.message()).contains("RENAME COLUMN b TO c").contains("renames a table or column")
        .contains("\"latest\"");
    new TestDatabase(db.server(), past).execute("DROP DATABASE " + past);
  }

  @Test
  void namesDorisRejectsPauseWithThePropertyToSetAndTheJobsNameMappingCarriesThemAndTheirRows(TestDatabase db,
      @TempDir Path dir) throws Exception {
    String schema = db.schema() + "_names";
    TestDatabase names = new TestDatabase(db.server(), schema);
    try (java.sql.Connection c = db.server().adminConnection(null); java.sql.Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + schema);
      st.execute("CREATE DATABASE " + schema);
    }
    names.execute("CREATE TABLE _prisma_migrations (id INT PRIMARY KEY, mv_total INT)");
    doris.sql("", "CREATE DATABASE names");
    JobDefinition plain = definition(db, "names", List.of(ChannelSpec.wholeDatabase(schema, "names")));
    SyncJob refused = create(IDS.incrementAndGet(), plain, dir.resolve("plain"));
    refused.start();
    Wait.until("the job paused on the name Doris rejects", Duration.ofSeconds(30),
        () -> refused.state() == JobState.PAUSED);
    assertThat(refused.message()).contains("_prisma_migrations")
        .contains("\"name_mapping\" = \"_prisma_migrations=<doris name>\"");
    refused.stop();

    Map<String, String> props = new java.util.HashMap<>(plain.properties());
    props.put("name_mapping", "_prisma_migrations=prisma_migrations, _prisma_migrations.mv_total=total");
    SyncJob job = create(IDS.incrementAndGet(), plain.toBuilder().properties(props).build(), dir.resolve("mapped"));
    startAndAwaitReading(job);
    names.execute("INSERT INTO _prisma_migrations VALUES (1, 10), (2, 20)", "UPDATE _prisma_migrations SET "
        + "mv_total = 21 WHERE id = 2", "ALTER TABLE _prisma_migrations ADD COLUMN note VARCHAR(10)",
        "INSERT INTO _prisma_migrations VALUES (3, 30, 'after')");
    Wait.until("the mapped table and column hold MySQL's rows", Duration.ofSeconds(60), () -> {
      if (job.state() != JobState.RUNNING) {
        throw new AssertionError("job is " + job.state() + ": " + job.message());
      }
      return dorisRows("names", "prisma_migrations");
    }, rows -> rows.equals(mysqlRows(names, "_prisma_migrations")));
    assertThat(dorisRows("names", "prisma_migrations")).containsExactly(List.of("1", "10", "NULL"),
        List.of("2", "21", "NULL"), List.of("3", "30", "after"));
    assertThat(doris.rows("names", "prisma_migrations").get(0)).containsOnlyKeys("id", "total", "note");
    names.execute("DROP DATABASE " + schema);
  }

  @Test
  void aDdlThatLeavesExistingRowsDifferentPausesUntilTheUserAcceptsIt(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE bf (id INT PRIMARY KEY, v INT)");
    SyncJob job = job(db, "backfill", dir, "bf");
    startAndAwaitReading(job);
    db.execute("INSERT INTO bf VALUES (1, 10), (2, 20)");
    awaitEqual(db, job, "backfill", "bf");
    db.execute("ALTER TABLE bf ADD COLUMN g INT AS (v + 1) STORED", "INSERT INTO bf (id, v) VALUES (3, 30)");
    Wait.until("paused after the generated column", Duration.ofSeconds(60), () -> job.state() == JobState.PAUSED);
    String msg = job.message();
    assertThat(msg).contains("was applied to Doris").contains("ADD COLUMN g").contains(db.schema() + ".bf [g]")
        .contains("SKIP DDL AT");
    assertThat(doris.sql("backfill", "DESC bf").rows().toString()).as("the column is in Doris").contains("g");
    assertThat(dorisRows("backfill", "bf")).as("nothing after the DDL yet").hasSize(2);
    String at = job.refusedDdl().orElseThrow().position().toString();
    job.resume(); // a plain RESUME stops here again
    Wait.until("paused again at " + at, Duration.ofSeconds(60),
        () -> job.state() == JobState.PAUSED && job.message().contains(at));
    job.skipDdl(at); // the user accepts the difference (or repaired it)
    Wait.until("row after the DDL", Duration.ofSeconds(60), () -> dorisRows("backfill", "bf").size() == 3);
    assertThat(dorisRows("backfill", "bf")).contains(List.of("3", "30", "31"));
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void aNewRuntimeOverTheSameStateContinuesWithNothingLostOrRepeated(TestDatabase db, @TempDir Path dir) {
    db.execute("CREATE TABLE s1 (id INT PRIMARY KEY, v INT)");
    doris.sql("", "CREATE DATABASE restart");
    long id = IDS.incrementAndGet();
    JobDefinition def = definition(db, "restart", List.of(ChannelSpec.table(db.schema(), "s1", "restart", "s1",
        List.of())));
    SyncJob first = create(id, def, dir);
    startAndAwaitReading(first);
    db.execute("INSERT INTO s1 VALUES (1, 1), (2, 2)");
    awaitEqual(db, first, "restart", "s1");
    first.stop();
    // changes while no runtime is up, including a DDL the schema history must replay in order
    db.execute("INSERT INTO s1 VALUES (3, 3)", "ALTER TABLE s1 ADD COLUMN w VARCHAR(5) FIRST",
        "INSERT INTO s1 VALUES ('new', 4, 4)", "UPDATE s1 SET v = v + 100");
    SyncJob second = create(id, def, dir);
    startAndAwaitReading(second);
    db.execute("INSERT INTO s1 VALUES ('z', 5, 5)");
    Wait.until("restart.s1 equal", Duration.ofSeconds(60), () -> {
      List<List<String>> m = new ArrayList<>();
      for (List<Object> r : db.query("SELECT id, v, w FROM s1 ORDER BY id")) {
        m.add(List.of(norm(r.get(0)), norm(r.get(1)), norm(r.get(2))));
      }
      List<List<String>> d = new ArrayList<>();
      for (Map<String, Object> r : doris.rows("restart", "s1")) {
        d.add(List.of(norm(r.get("id")), norm(r.get("v")), norm(r.get("w"))));
      }
      return m.equals(d);
    });
    // counters follow the commit: wait for them, then check nothing of the first runtime was loaded again
    Wait.until("the second runtime counted its rows", Duration.ofSeconds(10),
        () -> second.status().totalRows() >= 7);
    assertThat(second.status().totalRows()).as("rows loaded by the second runtime: inserts 3, 4, 5 and the update "
        + "of 4 rows, and no replay of the first's; " + first.status() + " / " + second.status()).isEqualTo(7);
    assertThat(first.status().totalRows()).isEqualTo(2);
  }
}
