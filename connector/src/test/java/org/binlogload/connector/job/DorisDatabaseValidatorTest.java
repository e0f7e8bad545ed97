package org.binlogload.connector.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.doris.RetryPolicy;
import org.binlogload.dorisdouble.DorisDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CREATE SYNC JOB checks the Doris side first: credentials, the target database, replicas against backends. */
class DorisDatabaseValidatorTest {
  static DorisDouble doris;

  @BeforeAll
  static void start() {
    doris = DorisDouble.builder().user("root").password("dv-pw").backends(1).start();
    doris.sql("", "CREATE DATABASE ddb");
    doris.sql("", "CREATE DATABASE have");
    doris.sql("have", "CREATE TABLE t (id INT NOT NULL, v VARCHAR(40) NULL) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) "
        + "BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", \"function_column.sequence_type\" = \"bigint\")");
  }

  @AfterAll
  static void stop() {
    doris.close();
  }

  private static DorisClient client(String password) {
    return DorisClient.create(DorisConfig.builder().feAddress(doris.feAddress()).user("root").password(password)
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(10))
        .retryPolicy(RetryPolicy.of(1, Duration.ofMillis(10), Duration.ofMillis(20))).build());
  }

  private static JobDefinition def(String channels, String props) {
    String sql = "CREATE SYNC JOB d.j (" + channels + ") FROM BINLOG (\"type\" = \"mysql\", \"mysql.host\" = \"h\", "
        + "\"mysql.port\" = \"3306\", \"mysql.user\" = \"u\", \"mysql.password\" = \"p\")" + props;
    return ((Statement.CreateSyncJob) SyncStatements.parse(sql, null)).definition();
  }

  @Test
  void aMissingDatabaseAReplicationAboveTheBackendsAndWrongCredentialsAreRefused() {
    try (DorisClient ok = client("dv-pw"); DorisClient wrong = client("not-the-pw")) {
      DorisDatabaseValidator v = new DorisDatabaseValidator(ok, () -> 3);
      v.validate(def("FROM s.* INTO ddb", " PROPERTIES (\"replication_num\" = \"1\")"));
      v.validate(def("FROM s.t INTO have.t", "")); // an existing target: the job creates nothing
      assertThatThrownBy(() -> v.validate(def("FROM s.t INTO ddb.t", ""))) // a missing one it creates
          .hasMessageStartingWith("replication_num 3 (the default) is more than the 1 alive Doris backend(s)");
      assertThatThrownBy(() -> v.validate(def("FROM s.* INTO nodb", " PROPERTIES (\"replication_num\" = \"1\")")))
          .isInstanceOf(JobValidationException.class)
          .hasMessage("Doris database nodb of channel s.*->nodb.* does not exist; run CREATE DATABASE nodb in Doris, "
              + "or fix the INTO clause");
      assertThatThrownBy(() -> v.validate(def("FROM s.* INTO ddb", "")))
          .hasMessage("replication_num 3 (the default) is more than the 1 alive Doris backend(s), so the job could "
              + "not create its tables; set \"replication_num\" = \"1\" in the job's PROPERTIES, or add backends");
      assertThatThrownBy(() -> new DorisDatabaseValidator(wrong, () -> 3).validate(def("FROM s.t INTO have.t", "")))
          .hasMessageStartingWith("Doris refused the configured user: ")
          .hasMessageContaining("check doris.user and doris.password")
          .hasMessageNotContaining("not-the-pw");
    }
  }

  @Test
  void aWholeDatabaseJobWhoseUserMayNotCreateTablesIsRefusedWithTheGrant() {
    doris.sql("", "CREATE DATABASE nocreate");
    doris.faults().denyCreateTable("nocreate");
    try (DorisClient ok = client("dv-pw")) {
      DorisDatabaseValidator v = new DorisDatabaseValidator(ok, () -> 3);
      assertThatThrownBy(() -> v.validate(def("FROM s.* INTO nocreate", " PROPERTIES (\"replication_num\" = \"1\")")))
          .isInstanceOf(JobValidationException.class)
          .hasMessageStartingWith("Doris user root may not create tables in nocreate, which the whole-database channel "
              + "s.*->nocreate.* needs (Doris said: ")
          .hasMessageContaining("GRANT SELECT_PRIV, LOAD_PRIV, ALTER_PRIV, CREATE_PRIV, DROP_PRIV ON nocreate.* TO root");
      assertThatThrownBy(() -> v.validate(def("FROM s.t INTO nocreate.t", " PROPERTIES (\"replication_num\" = \"1\")")))
          .hasMessageStartingWith("Doris user root may not create tables in nocreate, which the channel "
              + "s.t->nocreate.t needs (Doris said: "); // the job creates a missing target of a table channel too
      v.validate(def("FROM s.* INTO ddb", " PROPERTIES (\"replication_num\" = \"1\")"));
      org.assertj.core.api.Assertions.assertThat(doris.sql("ddb", "SHOW TABLES").rows()).as("the probe table is gone")
          .isEmpty();
    }
  }
}
