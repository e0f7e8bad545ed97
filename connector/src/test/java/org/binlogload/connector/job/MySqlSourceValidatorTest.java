package org.binlogload.connector.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.MariaDbServer;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbExtension.class)
class MySqlSourceValidatorTest {
  static TestDatabase db;
  final MySqlSourceValidator validator = new MySqlSourceValidator(Duration.ofSeconds(5));

  @BeforeAll
  static void tables(TestDatabase database) {
    db = database;
    db.execute("CREATE TABLE orders (id INT PRIMARY KEY, v VARCHAR(10))");
  }

  static JobDefinition def(MariaDbServer s, String user, String password, String channels) {
    String sql = "CREATE SYNC JOB d.j (" + channels + ") FROM BINLOG (\"type\" = \"mysql\", \"mysql.host\" = \""
        + s.host() + "\", \"mysql.port\" = \"" + s.port() + "\", \"mysql.user\" = \"" + user
        + "\", \"mysql.password\" = \"" + password + "\", \"mysql.start_position\" = \"latest\")";
    return ((Statement.CreateSyncJob) SyncStatements.parse(sql, null)).definition();
  }

  @Test
  void acceptsAWorkingSource() {
    MariaDbServer s = db.server();
    validator.validate(def(s, s.replUser(), s.replPassword(), "FROM " + db.schema() + ".orders INTO o"));
    validator.validate(def(s, s.replUser(), s.replPassword(), "FROM " + db.schema() + ".* INTO w"));
  }

  @Test
  void wrongPasswordNamesUserHostPort() {
    MariaDbServer s = db.server();
    assertThatThrownBy(() -> validator.validate(def(s, s.replUser(), "wrong-pw-123", "FROM " + db.schema()
        + ".orders INTO o")))
        .isInstanceOf(JobValidationException.class)
        .hasMessageStartingWith("access denied for " + s.replUser() + "@" + s.host() + ":" + s.port()
            + "; check \"mysql.user\" and \"mysql.password\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pw-123"));
  }

  @Test
  void unreachableServerNamesHostPort() {
    MariaDbServer s = db.server();
    JobDefinition d = def(s, s.replUser(), s.replPassword(), "FROM a.b INTO c");
    JobDefinition closed = d.toBuilder().source(d.source().toBuilder().host("127.0.0.1").port(1).build()).build();
    assertThatThrownBy(() -> validator.validate(closed))
        .hasMessageStartingWith("cannot connect to MySQL at 127.0.0.1:1 as " + s.replUser()
            + "; check \"mysql.host\" and \"mysql.port\"");
  }

  @Test
  void missingSourceTableOrSchema() {
    MariaDbServer s = db.server();
    assertThatThrownBy(() -> validator.validate(def(s, s.replUser(), s.replPassword(), "FROM " + db.schema()
        + ".nope INTO o")))
        .hasMessageStartingWith("source table " + db.schema() + ".nope does not exist on " + s.replUser() + "@");
    assertThatThrownBy(() -> validator.validate(def(s, s.replUser(), s.replPassword(), "FROM no_such_db_x.* INTO o")))
        .hasMessageStartingWith("source database no_such_db_x does not exist on ");
  }

  @Test
  void userWithoutReplicationPrivilege() {
    MariaDbServer s = db.server();
    String user = "bl_noprivs_" + Long.toHexString(System.nanoTime() & 0xffffff);
    db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'np-pw'",
        "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'np-pw'",
        "CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY 'np-pw'");
    try {
      for (String h : List.of("%", "localhost", "127.0.0.1")) {
        db.execute("GRANT SELECT ON `" + db.schema() + "`.* TO '" + user + "'@'" + h + "'");
      }
      assertThatThrownBy(() -> validator.validate(def(s, user, "np-pw", "FROM " + db.schema() + ".orders INTO o")))
          .hasMessageStartingWith(user + "@" + s.host() + ":" + s.port() + " may not read the binlog; GRANT SELECT, "
              + "REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + user + "'@'%'");
    } finally {
      for (String h : List.of("%", "localhost", "127.0.0.1")) {
        db.execute("DROP USER IF EXISTS '" + user + "'@'" + h + "'");
      }
    }
  }

  @Test
  void binlogVariablesNameTheVariableAndTheFix() {
    String at = "repl@db1:3306";
    MySqlSourceValidator.checkVariables(java.util.Map.of("log_bin", "ON", "binlog_format", "ROW",
        "binlog_row_image", "FULL"), at);
    assertThatThrownBy(() -> MySqlSourceValidator.checkVariables(java.util.Map.of("log_bin", "OFF"), at))
        .hasMessage("log_bin is OFF on repl@db1:3306; enable the binary log (log_bin=mysql-bin and a server_id in "
            + "my.cnf) and restart MySQL");
    assertThatThrownBy(() -> MySqlSourceValidator.checkVariables(java.util.Map.of("log_bin", "ON",
        "binlog_format", "STATEMENT"), at))
        .hasMessage("binlog_format is STATEMENT on repl@db1:3306; set binlog_format=ROW (SET GLOBAL "
            + "binlog_format=ROW and binlog_format=ROW in my.cnf)");
    assertThatThrownBy(() -> MySqlSourceValidator.checkVariables(java.util.Map.of("log_bin", "ON",
        "binlog_format", "ROW", "binlog_row_image", "MINIMAL"), at))
        .hasMessage("binlog_row_image is MINIMAL on repl@db1:3306; set binlog_row_image=FULL (SET GLOBAL "
            + "binlog_row_image=FULL and in my.cnf)");
  }

  @Test
  void aStartPositionTheServerCannotServeIsRefused() {
    MariaDbServer s = db.server();
    String[] now = db.masterStatus();
    JobDefinition d = def(s, s.replUser(), s.replPassword(), "FROM " + db.schema() + ".orders INTO o");
    JobDefinition gone = d.toBuilder().source(d.source().toBuilder().startPosition("mysql-bin.000000:4").build())
        .build();
    assertThatThrownBy(() -> validator.validate(gone)).isInstanceOf(JobValidationException.class)
        .hasMessageStartingWith("mysql.start_position \"mysql-bin.000000:4\": binlog file mysql-bin.000000 is not on ")
        .hasMessageContaining("(the oldest it has), \"earliest\" or \"latest\"");
    JobDefinition past = d.toBuilder().source(d.source().toBuilder().startPosition(now[0] + ":999999999").build())
        .build();
    assertThatThrownBy(() -> validator.validate(past))
        .hasMessageStartingWith("mysql.start_position \"" + now[0] + ":999999999\" is outside binlog file " + now[0]);
    validator.validate(d.toBuilder().source(d.source().toBuilder().startPosition(now[0] + ":" + Long.parseLong(now[1]))
        .build()).build());
  }

  @Test
  void aGtidStartTheServerCannotServeIsRefused() {
    MariaDbServer s = db.server();
    String pos = String.valueOf(db.queryValue("SELECT @@GLOBAL.gtid_binlog_pos"));
    long domain = Long.parseLong(pos.split(",")[0].split("-")[0]);
    long server = Long.parseLong(pos.split(",")[0].split("-")[1]);
    long seq = Long.parseLong(pos.split(",")[0].split("-")[2]);
    JobDefinition d = def(s, s.replUser(), s.replPassword(), "FROM " + db.schema() + ".orders INTO o");
    String ahead = domain + "-" + server + "-" + (seq + 1_000_000);
    assertThatThrownBy(() -> validator.validate(d.toBuilder().source(d.source().toBuilder().startPosition(ahead)
        .build()).build())).isInstanceOf(JobValidationException.class)
        .hasMessageStartingWith("mysql.start_position \"" + ahead + "\" is ahead of ")
        .hasMessageContaining("whose last GTID in domain " + domain + " is ");
    String otherDomain = (domain + 77) + "-" + server + "-5";
    assertThatThrownBy(() -> validator.validate(d.toBuilder().source(d.source().toBuilder()
        .startPosition(otherDomain).build()).build()))
        .hasMessageStartingWith("mysql.start_position \"" + otherDomain + "\": GTID domain " + (domain + 77)
            + " is not in the binlog of ");
    validator.validate(d.toBuilder().source(d.source().toBuilder().startPosition(domain + "-" + server + "-" + seq)
        .build()).build());
  }
}
