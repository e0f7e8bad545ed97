package org.binlogload.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbExtension.class)
class MariaDbExtensionTest {

  @Test
  void serverHasRowBinlogAndTheSchemaIsFresh(TestDatabase db) {
    assertThat(db.schema()).startsWith("t_mariadbextensiontest_");
    assertThat(db.port()).isNotEqualTo(3306);
    assertThat(db.queryValue("SELECT @@binlog_format")).isEqualTo("ROW");
    assertThat(db.queryValue("SELECT @@binlog_row_image")).isEqualTo("FULL");
    assertThat(db.queryValue("SELECT @@log_bin")).hasToString("1");
    assertThat(db.queryValue("SELECT @@bind_address")).isEqualTo("127.0.0.1");
    assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"))
        .hasToString("0");
  }

  @Test
  void replicationUserHasOnlyWhatASyncJobNeeds(TestDatabase db) {
    Object grants = db.query("SHOW GRANTS FOR '" + db.server().replUser() + "'@'%'").get(0).get(0);
    assertThat(grants.toString()).contains("SELECT").contains("REPLICATION SLAVE").doesNotContain("ALL PRIVILEGES");
  }

  @Test
  void writesReachTheBinlog(TestDatabase db) {
    String[] before = db.masterStatus();
    db.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a')");
    String[] after = db.masterStatus();
    assertThat(after[0] + ":" + Long.parseLong(after[1]))
        .isNotEqualTo(before[0] + ":" + Long.parseLong(before[1]));
    assertThat(db.query("SELECT v FROM t WHERE id = 1").get(0).get(0)).isEqualTo("a");
  }

  @Test
  void theSqlCommandSpeaksUtf8mb4SoEmojiRoundTrip(TestDatabase db) {
    db.execute("CREATE TABLE emo (id INT PRIMARY KEY, v VARCHAR(20)) DEFAULT CHARSET=utf8mb4");
    String value = "caf\u00e9 \u4e2d\u6587 \ud83d\ude00";
    db.server().script("sql", "-e", "INSERT INTO `" + db.schema() + "`.emo VALUES (1, '" + value + "')");
    assertThat(db.query("SELECT v FROM emo WHERE id = 1").get(0).get(0)).isEqualTo(value);
    assertThat(db.server().script("sql", "-N", "-e", "SELECT v FROM `" + db.schema() + "`.emo").trim())
        .isEqualTo(value);
  }
}
