package org.binlogload.connector.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyncStatementsTest {
  static final String BINLOG = " FROM BINLOG (\"type\" = \"mysql\", \"mysql.host\" = \"127.0.0.1\","
      + " \"mysql.port\" = \"3407\", \"mysql.user\" = \"repl\", \"mysql.password\" = \"s3cret-pw\")";

  static String create(String channels) {
    return "CREATE SYNC JOB db1.job1 (" + channels + ")" + BINLOG;
  }

  static JobDefinition parseCreate(String sql) {
    Statement s = SyncStatements.parse(sql, null);
    assertThat(s).isInstanceOf(Statement.CreateSyncJob.class);
    return ((Statement.CreateSyncJob) s).definition();
  }

  @Test
  void parsesFullCreate() {
    JobDefinition d = parseCreate("CREATE SYNC JOB `db1`.job1 (\n"
        + "  FROM shop.orders INTO orders_copy (id, `total`),\n"
        + "  FROM shop.users INTO other_db.users\n"
        + ") FROM BINLOG (\"type\" = \"MySQL\", \"mysql.host\" = \"db.example\", \"mysql.port\" = \"3307\",\n"
        + "  \"mysql.user\" = \"repl\", \"mysql.password\" = \"p'w\\\"x\", \"mysql.server_id\" = \"4294967295\",\n"
        + "  \"mysql.start_position\" = \"mysql-bin.000003:4\")\n"
        + "PROPERTIES (\"sync_commit_interval_second\" = \"5\", \"min_sync_commit_size\" = \"100\");");
    assertThat(d.database()).isEqualTo("db1");
    assertThat(d.name()).isEqualTo("job1");
    assertThat(d.channels()).containsExactly(
        ChannelSpec.table("shop", "orders", "db1", "orders_copy", List.of("id", "total")),
        ChannelSpec.table("shop", "users", "other_db", "users", List.of()));
    assertThat(d.source().host()).isEqualTo("db.example");
    assertThat(d.source().port()).isEqualTo(3307);
    assertThat(d.source().user()).isEqualTo("repl");
    assertThat(d.source().password()).isEqualTo("p'w\"x");
    assertThat(d.source().serverId().getAsLong()).isEqualTo(4294967295L);
    assertThat(d.source().startPosition()).isEqualTo("mysql-bin.000003:4");
    assertThat(d.commitPolicy().intervalSeconds()).isEqualTo(5);
    assertThat(d.commitPolicy().minCommitSize()).isEqualTo(100);
    assertThat(d.commitPolicy().minCommitBytes()).isEqualTo(15L * 1024 * 1024);
    assertThat(d.properties()).containsEntry("min_sync_commit_size", "100");
    assertThat(d.toString()).doesNotContain("p'w").contains("******");
    assertThat(SyncStatements.toMaskedSql(d)).doesNotContain("p'w").contains("\"mysql.password\" = \"******\"");
  }

  @Test
  void roundTripsMaskedSqlExceptPassword() {
    JobDefinition d = parseCreate(create("FROM shop.* INTO dw, FROM crm.c INTO c (a)").replace("\"s3cret-pw\"",
        "\"s3cret-pw\", \"mysql.start_position\" = \"latest\""));
    String again = SyncStatements.toMaskedSql(d).replace("******", "s3cret-pw");
    assertThat(parseCreate(again)).isEqualTo(d);
    JobDefinition initial = parseCreate(create("FROM shop.* INTO dw"));
    assertThat(parseCreate(SyncStatements.toMaskedSql(initial).replace("******", "s3cret-pw"))).isEqualTo(initial);
  }

  @Test
  void aColumnListNeedsABinlogStartPositionSinceTheSnapshotCopiesWholeRows() {
    assertThatThrownBy(() -> parseCreate(create("FROM shop.* INTO dw, FROM crm.c INTO c (a)")))
        .hasMessageContaining("line 1, column 48: channel crm.c->db1.c(a) has a column list, which the initial "
            + "snapshot does not copy yet; give the job a binlog start position, e.g. \"mysql.start_position\" = "
            + "\"latest\"");
  }

  @Test
  void jobKeywordIsOptionalAndDefaultDatabaseApplies() {
    Statement s = SyncStatements.parse("create sync job1 (from a.b into c)" + BINLOG, "dflt");
    JobDefinition d = ((Statement.CreateSyncJob) s).definition();
    assertThat(d.qualifiedName()).isEqualTo("dflt.job1");
    assertThat(d.channels().get(0).target()).isEqualTo("dflt.c");
    assertThat(d.source().startPosition()).isEqualTo("initial");
    assertThat(d.source().snapshots()).isTrue();
  }

  @Test
  void wholeDatabase() {
    JobDefinition d = parseCreate(create("FROM shop.* INTO shop_dw"));
    assertThat(d.channels().get(0).isWholeDatabase()).isTrue();
    assertThat(d.channels().get(0).targetDatabase()).isEqualTo("shop_dw");
    assertThatThrownBy(() -> parseCreate(create("FROM shop.* INTO dw.t")))
        .hasMessage("line 1, column 47: FROM shop.* takes a Doris database, not a table; write FROM shop.* INTO dw");
  }

  @Test
  void otherStatements() {
    assertThat(SyncStatements.parse("PAUSE SYNC JOB a.b", null)).isEqualTo(new Statement.PauseSyncJob("a", "b"));
    assertThat(SyncStatements.parse("stop sync job b;", "a")).isEqualTo(new Statement.StopSyncJob("a", "b"));
    assertThat(SyncStatements.parse("RESUME SYNC JOB a.b", null))
        .isEqualTo(new Statement.ResumeSyncJob("a", "b", null));
    assertThat(SyncStatements.parse("RESUME SYNC JOB a.b SKIP DDL AT \"mysql-bin.000002:1234\"", null))
        .isEqualTo(new Statement.ResumeSyncJob("a", "b", "mysql-bin.000002:1234"));
    assertThat(SyncStatements.parse("SHOW SYNC JOB", null)).isEqualTo(new Statement.ShowSyncJob(null));
    assertThat(SyncStatements.parse("SHOW SYNC JOB", "x")).isEqualTo(new Statement.ShowSyncJob("x"));
    assertThat(SyncStatements.parse("-- c\nSHOW /* x */ SYNC JOB FROM `d`", null))
        .isEqualTo(new Statement.ShowSyncJob("d"));
  }

  @Test
  void scriptOfStatements() {
    List<Statement> all = SyncStatements.parseAll("# jobs\n" + create("FROM a.b INTO c") + ";\n;PAUSE SYNC JOB db1.job1;",
        null);
    assertThat(all).hasSize(2);
    assertThatThrownBy(() -> SyncStatements.parse("SHOW SYNC JOB; SHOW SYNC JOB", null))
        .hasMessage("2 statements given where one is expected; send them one at a time");
  }

  @Test
  void canalTypeIsRefusedWithTheFix() {
    String sql = "CREATE SYNC db1.j (FROM a.b INTO c) FROM BINLOG (\"type\" = \"canal\", "
        + "\"canal.server.ip\" = \"h\", \"canal.server.port\" = \"11111\")";
    assertThatThrownBy(() -> SyncStatements.parse(sql, null))
        .hasMessageStartingWith("line 1, column 59: binlog type \"canal\"")
        .hasMessageContaining("write \"type\" = \"mysql\" with \"mysql.host\"");
  }

  @Test
  void syntaxErrorsNamePositionAndFix() {
    assertThatThrownBy(() -> SyncStatements.parse("CREATE SYNC JOB db1.job1 (FROM shop.orders TO x)" + BINLOG,
        null)).hasMessage("line 1, column 44: expected INTO, found 'TO'; write FROM mysql_db.src_tbl INTO doris_tbl"
            + " [(col, ...)] or FROM mysql_db.* INTO doris_db [INCLUDE (tbl, tmp_*, REGEXP \"...\")] [EXCLUDE (...)]");
    assertThatThrownBy(() -> SyncStatements.parse("CREATE SYNC JOB db1.job1 (FROM orders INTO x)" + BINLOG, null))
        .hasMessageStartingWith("line 1, column 39: expected '.', found 'INTO'; name the source as mysql_db.src_tbl");
    assertThatThrownBy(() -> SyncStatements.parse("DROP SYNC JOB x", null))
        .hasMessage("line 1, column 1: expected CREATE, ALTER, PAUSE, RESUME, STOP or SHOW SYNC JOB, found 'DROP'");
    assertThatThrownBy(() -> SyncStatements.parse("PAUSE SYNC JOB x", null))
        .hasMessage("line 1, column 16: no database for job 'x'; write db.x or choose a default database");
    assertThatThrownBy(() -> SyncStatements.parse("SHOW SYNC JOB\n  FROM", null))
        .hasMessage("line 2, column 7: expected a database name, found end of statement; write SHOW SYNC JOB [FROM db]");
    assertThatThrownBy(() -> SyncStatements.parse("SHOW SYNC JOB FROM \"x", null))
        .hasMessage("line 1, column 20: unterminated string; close it with \"");
    assertThatThrownBy(() -> SyncStatements.parse("PAUSE SYNC JOB d.1x", null))
        .hasMessage("line 1, column 18: job name '1x' must match [A-Za-z][A-Za-z0-9_]{0,63}");
    assertThatThrownBy(() -> SyncStatements.parse("RESUME SYNC JOB d.j SKIP DDL AT x", null))
        .hasMessageStartingWith("line 1, column 33: expected the quoted position of the refused DDL, found 'x'");
    assertThatThrownBy(() -> SyncStatements.parse("SHOW SYNC JOB x", null))
        .hasMessage("line 1, column 15: unexpected 'x' after the end of the statement; end it with ;");
  }

  @Test
  void mappingIsOneToOne() {
    assertThatThrownBy(() -> parseCreate(create("FROM a.t INTO x, FROM a.t INTO y")))
        .hasMessageContaining("column 44: source a.t is mapped twice (a.t->db1.x and a.t->db1.y)");
    assertThatThrownBy(() -> parseCreate(create("FROM a.t INTO x, FROM a.u INTO db1.x")))
        .hasMessageContaining("target db1.x is mapped twice");
    assertThatThrownBy(() -> parseCreate(create("FROM a.* INTO x, FROM a.u INTO y")))
        .hasMessageContaining("source a.u is already covered by a.*->x.*");
    assertThatThrownBy(() -> parseCreate(create("FROM a.* INTO dw, FROM b.u INTO dw.u")))
        .hasMessageContaining("target database dw already takes the whole database a.*->dw.*");
    assertThatThrownBy(() -> parseCreate(create("FROM a.t INTO x (c, C)")))
        .hasMessageContaining("column 'C' is listed twice for x");
  }

  static String withBinlog(String props) {
    return "CREATE SYNC JOB db1.job1 (FROM a.b INTO c) FROM BINLOG (" + props + ")";
  }

  static final String BASE = "\"type\" = \"mysql\", \"mysql.host\" = \"h\", \"mysql.port\" = \"3306\", "
      + "\"mysql.user\" = \"u\", \"mysql.password\" = \"pw-xyz\"";

  @Test
  void binlogPropertiesAreValidated() {
    assertThatThrownBy(() -> parseCreate(withBinlog("\"type\" = \"mysql\", \"mysql.host\" = \"h\", "
        + "\"mysql.port\" = \"3306\", \"mysql.user\" = \"u\"")))
        .hasMessageContaining("FROM BINLOG misses \"mysql.password\"; add \"mysql.password\" = \"...\"");
    assertThatThrownBy(() -> parseCreate(withBinlog("\"mysql.host\" = \"h\"")))
        .hasMessageContaining("FROM BINLOG has no \"type\"; add \"type\" = \"mysql\"");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE.replace("3306", "70000"))))
        .hasMessageContaining("mysql.port \"70000\" is out of range 1..65535");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE.replace("3306", "x1"))))
        .hasMessageContaining("mysql.port \"x1\" is not a non-negative integer");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE + ", \"mysql.server_id\" = \"0\"")))
        .hasMessageContaining("mysql.server_id \"0\" is out of range 1..4294967295");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE + ", \"mysql.server_id\" = \"4294967296\"")))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE + ", \"mysql.start_position\" = \"bin:x\"")))
        .hasMessageContaining("mysql.start_position \"bin:x\" is not initial, snapshot, latest, earliest, <file>:<pos>");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE + ", \"mysql.ssl\" = \"true\"")))
        .hasMessageContaining("unknown property \"mysql.ssl\" in FROM BINLOG; known: [mysql.host,");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE + ", \"canal.batchSize\" = \"1\"")))
        .hasMessageContaining("property \"canal.batchSize\" belongs to type \"canal\"");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE + ", \"mysql.host\" = \"h2\"")))
        .hasMessageContaining("property \"mysql.host\" is given twice; keep one");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE.replace("\"mysql.host\"", "mysql.host"))))
        .hasMessageContaining("expected a quoted property name, found 'mysql'");
  }

  @Test
  void startPositions() {
    for (String p : List.of("initial", "INITIAL", "snapshot", "latest", "EARLIEST", "mysql-bin.000003:4", "binlog.1:0",
        "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5, "
            + "4e11fa47-71ca-11e1-9e33-c80aa9429562:3", "0-1-100", "0-1-100,1-2-3")) {
      assertThat(SyncStatements.isStartPosition(p)).as(p).isTrue();
      parseCreate(withBinlog(BASE + ", \"mysql.start_position\" = \"" + p + "\""));
    }
    for (String p : List.of("", "mysql-bin:4", "mysql-bin.0003", "0-1", "uuid:1-5", "latest now")) {
      assertThat(SyncStatements.isStartPosition(p)).as(p).isFalse();
    }
  }

  @Test
  void commitPolicyIsCheckedAgainstTheRing() {
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE) + " PROPERTIES (\"min_sync_commit_size\" = \"20000\")"))
        .hasMessageContaining("min_sync_commit_size 20000 >= ring_entries 16384: the job would stall");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE)
        + " PROPERTIES (\"min_bytes_sync_commit\" = \"20000000\", \"max_bytes_sync_commit\" = \"90000000\")"))
        .hasMessageContaining("min_bytes_sync_commit 20000000 >= ring_bytes 16777216");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE) + " PROPERTIES (\"max_bytes_sync_commit\" = \"1000\")"))
        .hasMessageContaining("max_bytes_sync_commit 1000 < min_bytes_sync_commit 15728640");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE) + " PROPERTIES (\"ring_entries\" = \"1000\")"))
        .hasMessageContaining("ring_entries 1000 is not a positive power of 2");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE) + " PROPERTIES (\"sync_commit_interval_second\" = \"0\")"))
        .hasMessageContaining("sync_commit_interval_second is \"0\"; it must be a positive integer (1 or more)");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE) + " PROPERTIES (\"batch\" = \"1\")"))
        .hasMessageContaining("unknown property \"batch\" in PROPERTIES; known: [");
    JobDefinition d = parseCreate(withBinlog(BASE)
        + " PROPERTIES (\"min_sync_commit_size\" = \"20000\", \"ring_entries\" = \"32768\")");
    assertThat(d.commitPolicy().ringEntries()).isEqualTo(32768);
  }

  @Test
  void snapshotPropertiesHaveDefaultsAndAreChecked() {
    JobDefinition plain = parseCreate(withBinlog(BASE));
    assertThat(SnapshotSettings.of(plain.properties())).isEqualTo(new SnapshotSettings(4, 8096));
    JobDefinition d = parseCreate(withBinlog(BASE + ", \"mysql.start_position\" = \"Initial\"")
        + " PROPERTIES (\"snapshot_parallelism\" = \"2\", \"snapshot_chunk_size\" = \"500\")");
    assertThat(d.source().startPosition()).isEqualTo("initial");
    assertThat(SnapshotSettings.of(d.properties())).isEqualTo(new SnapshotSettings(2, 500));
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE) + " PROPERTIES (\"snapshot_parallelism\" = \"0\")"))
        .hasMessageContaining("snapshot_parallelism is \"0\"; it must be a positive integer (1 or more)");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE) + " PROPERTIES (\"snapshot_parallelism\" = \"65\")"))
        .hasMessageContaining("snapshot_parallelism is \"65\"; it must be between 1 and 64");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE) + " PROPERTIES (\"snapshot_chunk_size\" = \"x\")"))
        .hasMessageContaining("snapshot_chunk_size \"x\" is not a non-negative integer");
  }

  @Test
  void propertiesOfCreatedDorisTablesAreKeptAndChecked() {
    JobDefinition d = parseCreate(withBinlog(BASE) + " PROPERTIES (\"replication_num\" = \"1\", \"buckets\" = \"8\","
        + " \"tinyint1_as_boolean\" = \"true\", \"lower_case_table_names\" = \"1\")");
    assertThat(d.properties()).containsEntry("replication_num", "1").containsEntry("buckets", "8")
        .containsEntry("tinyint1_as_boolean", "true").containsEntry("lower_case_table_names", "1");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE) + " PROPERTIES (\"replication_num\" = \"0\")"))
        .hasMessageContaining("replication_num is \"0\"; it must be a positive integer (1 or more)");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE) + " PROPERTIES (\"tinyint1_as_boolean\" = \"yes\")"))
        .hasMessageContaining("tinyint1_as_boolean must be \"true\" or \"false\"");
    assertThatThrownBy(() -> parseCreate(withBinlog(BASE) + " PROPERTIES (\"lower_case_table_names\" = \"3\")"))
        .hasMessageContaining("lower_case_table_names must be 0, 1 or 2");
  }

  @Test
  void passwordNeverInErrors() {
    String[] bad = {
        withBinlog(BASE.replace("\"pw-xyz\"", "\"pw-xyz\" \"x\"")),
        withBinlog(BASE.replace("\"mysql.password\" = \"pw-xyz\"", "\"mysql.password\" = \"pw-xyz\" =")),
        withBinlog(BASE + ", \"mysql.port\" = \"1\""),
        withBinlog(BASE.replace("\"mysql.password\" = \"pw-xyz\"", "\"mysql.password\" = \"pw-xyz\"\"")),
    };
    for (String sql : bad) {
      assertThatThrownBy(() -> SyncStatements.parse(sql, null)).isInstanceOf(SyncStatementException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-xyz"));
    }
  }

  @Test
  void exampleJobFileParsesCommentedAndUncommented() throws Exception {
    String text = java.nio.file.Files.readString(java.nio.file.Path.of("../conf/jobs/example.sql"));
    assertThat(SyncStatements.parseAll(text, null)).isEmpty();
    StringBuilder uncommented = new StringBuilder();
    boolean inJob = false;
    for (String line : text.split("\n")) {
      inJob |= line.startsWith("-- CREATE SYNC JOB");
      uncommented.append(inJob && line.startsWith("-- ") ? line.substring(3) : line).append('\n');
    }
    List<Statement> all = SyncStatements.parseAll(uncommented.toString(), null);
    assertThat(all).hasSize(1);
    JobDefinition d = ((Statement.CreateSyncJob) all.get(0)).definition();
    assertThat(d.qualifiedName()).isEqualTo("example_db.shop_sync");
    assertThat(d.channels()).hasSize(4);
    assertThat(d.channels().get(2).filter().takes("tmp_1")).isFalse();
    assertThat(d.channels().get(3).isSchemaPattern()).isTrue();
    assertThat(d.commitPolicy().intervalSeconds()).isEqualTo(5);
  }

  @Test
  void alterTakesCredentialsAndPoliciesAndRefusesWhatDecidesPositionOrTables() {
    Statement s = SyncStatements.parse("ALTER SYNC JOB j FROM BINLOG (\"mysql.password\" = \"p\") "
        + "PROPERTIES (\"max_bytes_sync_commit\" = \"1048576\")", "d");
    assertThat(s).isEqualTo(new Statement.AlterSyncJob("d", "j", java.util.Map.of("mysql.password", "p"),
        java.util.Map.of("max_bytes_sync_commit", "1048576")));
    assertThat(s.toString()).doesNotContain("\"p\"").contains("mysql.password=******");
    assertThatThrownBy(() -> SyncStatements.parse("ALTER SYNC JOB d.j FROM BINLOG (\"mysql.host\" = \"h2\")", null))
        .hasMessageContaining("\"mysql.host\" cannot be changed by ALTER SYNC JOB: a job's binlog position belongs "
            + "to the server it reads; only \"mysql.user\" and \"mysql.password\" can");
    assertThatThrownBy(() -> SyncStatements.parse("ALTER SYNC JOB d.j PROPERTIES (\"name_mapping\" = \"x\")",
        null)).hasMessageContaining("property \"name_mapping\" cannot be changed by ALTER SYNC JOB");
    assertThatThrownBy(() -> SyncStatements.parse("ALTER SYNC JOB d.j", null))
        .hasMessageContaining("ALTER SYNC JOB j changes nothing");
  }
}
