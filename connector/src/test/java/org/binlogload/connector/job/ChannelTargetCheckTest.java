package org.binlogload.connector.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.doris.RetryPolicy;
import org.binlogload.connector.sync.JdbcSourceCatalog;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.MariaDbServer;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CREATE SYNC JOB checks each table-to-table channel against the real source table and the Doris table: a keyless
 * source, a Doris key other than the source's, a missing sequence column and a bad column list are refused with the
 * reason and the fix, before any row is loaded.
 */
@ExtendWith(MariaDbExtension.class)
class ChannelTargetCheckTest {
  private static final String PROPS = " DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\"";
  private static final String SEQ = ", \"function_column.sequence_type\" = \"bigint\")";
  static TestDatabase db;
  static DorisDouble doris;
  static DorisClient client;
  static UniqueKeyTargetValidator validator;

  @BeforeAll
  static void start(TestDatabase database) {
    db = database;
    db.execute("CREATE TABLE keyed (id INT PRIMARY KEY, v VARCHAR(10), w INT)");
    db.execute("CREATE TABLE logs (id INT, msg VARCHAR(10))");
    db.execute("CREATE TABLE ukeyed (id INT NOT NULL, v VARCHAR(10), UNIQUE KEY uk (id))");
    doris = DorisDouble.builder().user("root").password("ck-pw").start();
    client = DorisClient.create(DorisConfig.builder().feAddress(doris.feAddress()).user("root").password("ck-pw")
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(10))
        .retryPolicy(RetryPolicy.of(2, Duration.ofMillis(10), Duration.ofMillis(20))).build());
    client.execute("", "CREATE DATABASE d");
    client.execute("d", "CREATE TABLE good (id INT NOT NULL, v VARCHAR(40) NULL, w INT NULL) UNIQUE KEY(id)" + PROPS
        + SEQ);
    client.execute("d", "CREATE TABLE noseq (id INT NOT NULL, v VARCHAR(40) NULL, w INT NULL) UNIQUE KEY(id)" + PROPS
        + ")");
    client.execute("d", "CREATE TABLE byv (v VARCHAR(40) NOT NULL, id INT NOT NULL, w INT NULL) UNIQUE KEY(v, id)"
        + " DISTRIBUTED BY HASH(v) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\"" + SEQ);
    client.execute("d", "CREATE TABLE uk (id INT NOT NULL, v VARCHAR(40) NULL) UNIQUE KEY(id)" + PROPS + SEQ);
    client.execute("d", "CREATE TABLE logs (id INT NOT NULL, msg VARCHAR(40) NULL) UNIQUE KEY(id)" + PROPS + SEQ);
    validator = new UniqueKeyTargetValidator(new DorisTargetInspector(client), JdbcSourceCatalog::definition);
  }

  @AfterAll
  static void stop() {
    client.close();
    doris.close();
  }

  private static JobDefinition def(String channel) {
    MariaDbServer s = db.server();
    return MySqlSourceValidatorTest.def(s, s.replUser(), s.replPassword(), channel);
  }

  @Test
  void aMatchingTableAndAUniqueNotNullKeyPass() {
    validator.validate(def("FROM " + db.schema() + ".keyed INTO d.good"));
    validator.validate(def("FROM " + db.schema() + ".keyed INTO d.good (id, v, w)"));
    validator.validate(def("FROM " + db.schema() + ".ukeyed INTO d.uk"));
  }

  @Test
  void aSourceWithoutKeyIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> validator.validate(def("FROM " + db.schema() + ".logs INTO d.logs")))
        .isInstanceOf(JobValidationException.class)
        .hasMessage("source table " + db.schema() + ".logs has no primary key and no NOT NULL unique key, so Doris "
            + "cannot tell its rows apart (rows with equal values would collapse into one): add a PRIMARY KEY to "
            + db.schema() + ".logs in MySQL, or leave it out of the job");
  }

  @Test
  void aDorisKeyOtherThanTheSourcesIsRefused() {
    assertThatThrownBy(() -> validator.validate(def("FROM " + db.schema() + ".keyed INTO d.byv")))
        .hasMessage("target table d.byv is keyed by (v, id) but " + db.schema() + ".keyed by (id); the keys must be "
            + "the same columns in the same order, or rows that differ in MySQL collapse in Doris: recreate d.byv "
            + "with UNIQUE KEY(id)");
  }

  @Test
  void aTableWithoutSequenceColumnIsRefusedWithTheAlterToRun() {
    assertThatThrownBy(() -> validator.validate(def("FROM " + db.schema() + ".keyed INTO d.noseq")))
        .hasMessage("target table d.noseq has no sequence column, which the job needs to keep the latest change of "
            + "each row; run ALTER TABLE d.noseq ENABLE FEATURE \"SEQUENCE_LOAD\" WITH PROPERTIES "
            + "(\"function_column.sequence_type\" = \"bigint\"), or drop the table and the job creates it with one at "
            + "its first start");
  }

  @Test
  void aMissingTargetIsLeftToTheJobWhoseColumnListMustHoldTheKey() {
    validator.validate(def("FROM " + db.schema() + ".keyed INTO d.nope"));
    validator.validate(def("FROM " + db.schema() + ".keyed INTO d.nope (id, w)"));
    assertThatThrownBy(() -> validator.validate(def("FROM " + db.schema() + ".keyed INTO d.nope (v, w)")))
        .isInstanceOf(JobValidationException.class)
        .hasMessage("column list of " + db.schema() + ".keyed->d.nope(v,w) leaves out the key column(s) [id] of "
            + db.schema() + ".keyed, which the Doris table the job creates is keyed by; list every key column");
    assertThatThrownBy(() -> validator.validate(def("FROM " + db.schema() + ".keyed INTO d.nope (id, nosuch)")))
        .hasMessage("column list of " + db.schema() + ".keyed->d.nope(id,nosuch) names [nosuch], which "
            + db.schema() + ".keyed does not have; its columns are [id, v, w]");
    assertThatThrownBy(() -> validator.validate(def("FROM " + db.schema() + ".logs INTO d.nope")))
        .hasMessageStartingWith("source table " + db.schema() + ".logs has no primary key");
  }

  @Test
  void columnListsAreCheckedAgainstBothSides() {
    String from = "FROM " + db.schema() + ".keyed INTO d.good ";
    assertThatThrownBy(() -> validator.validate(def(from + "(id, nosuch)")))
        .hasMessageStartingWith("column list of " + db.schema() + ".keyed->d.good(id,nosuch) names [nosuch], which "
            + "d.good does not have");
    assertThatThrownBy(() -> validator.validate(def(from + "(v, w)")))
        .hasMessageContaining("leaves out the key column(s) [id]");
    assertThatThrownBy(() -> validator.validate(def(from + "(id, v)")))
        .hasMessageContaining("leaves out d.good's column(s) [w], which every change would set to NULL");
  }

  @Test
  void withoutAColumnListEverySourceColumnMustBeInTheDorisTable() {
    client.execute("d", "CREATE TABLE narrow (id INT NOT NULL, v VARCHAR(40) NULL) UNIQUE KEY(id)" + PROPS + SEQ);
    assertThatThrownBy(() -> validator.validate(def("FROM " + db.schema() + ".keyed INTO d.narrow")))
        .isInstanceOf(JobValidationException.class)
        .hasMessage("target table d.narrow has no column(s) [w] of " + db.schema() + ".keyed, so loading its rows "
            + "would fail; add them to d.narrow (ALTER TABLE d.narrow ADD COLUMN ...), or list the columns to keep "
            + "(INTO d.narrow (id, v))");
  }

  @Test
  void theInspectorReadsKeysColumnsAndSequence() {
    TargetTable t = new DorisTargetInspector(client).table("d", "byv").orElseThrow();
    assertThat(t.keysType()).isEqualTo(TargetInspector.KeysType.UNIQUE_KEYS);
    assertThat(t.keyColumns()).containsExactly("v", "id");
    assertThat(t.columns()).containsExactly("v", "id", "w");
    assertThat(t.sequence()).isTrue();
    assertThat(new DorisTargetInspector(client).table("d", "noseq").orElseThrow().sequence()).isFalse();
  }
}
