package org.binlogload.connector.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.MariaDbServer;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin zip Maven built, loaded the PluginMgr way with its own sync runtime (found by ServiceLoader inside the
 * plugin's class loader): a job created through the master's admin API syncs inserts, updates and deletes from the
 * private MariaDB into the Doris double, then stops, and the plugin closes cleanly.
 */
@ExtendWith(MariaDbExtension.class)
class PluginRealJobIT {
  @TempDir
  Path work;

  @Test
  void theBuiltZipRunsARealJob(TestDatabase db) throws Exception {
    String zip = System.getProperty("binlogload.pluginZip");
    assertThat(zip).as("binlogload.pluginZip (set by failsafe in connector/pom.xml)").isNotBlank();
    db.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20), qty INT)");
    String[] start = db.masterStatus();
    MariaDbServer s = db.server();
    try (DorisDouble doris = DorisDouble.builder().user("root").password("real-pw").backends(3).start()) {
      doris.sql("", "CREATE DATABASE plugin_it");
      FeStylePluginLoader loader = new FeStylePluginLoader(PluginScenario.feLoader());
      Path dir = loader.extract(Path.of(zip), work.resolve("fe/plugins"));
      Files.writeString(dir.resolve("plugin.conf"), String.join("\n",
          "doris.fe_http_addresses = " + doris.feAddress(), "doris.user = root", "doris.password = real-pw",
          "state_store.doris.replication_num = 1", "max_sync_task_threads_num = 2", "master_check = always",
          "admin_port = 0", "validate_jobs = true", ""));
      FeStylePluginLoader.Installed fe = loader.load(dir, "127.0.0.1_9010");
      try {
        Wait.until("the FE runs jobs", PluginScenario.WAIT, () -> PluginScenario.status(fe, "role").equals("master"));
        String admin = PluginScenario.status(fe, "admin");
        PluginScenario.sql(admin, "CREATE SYNC JOB plugin_it.items_job (FROM " + db.schema() + ".* INTO plugin_it) "
            + "FROM BINLOG (\"type\" = \"mysql\", \"mysql.host\" = \"" + s.host() + "\", \"mysql.port\" = \""
            + s.port() + "\", \"mysql.user\" = \"" + s.replUser() + "\", \"mysql.password\" = \"" + s.replPassword()
            + "\", \"mysql.start_position\" = \"" + start[0] + ":" + start[1] + "\") "
            + "PROPERTIES (\"sync_commit_interval_second\" = \"1\")");
        List<String> batch = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
          batch.add("INSERT INTO items VALUES (" + i + ", 'item" + i + "', " + i + ")");
        }
        db.transaction(batch.toArray(new String[0]));
        db.execute("UPDATE items SET qty = qty * 10 WHERE id <= 10", "DELETE FROM items WHERE id > 50",
            "UPDATE items SET id = 100 WHERE id = 20");
        Wait.until("Doris equals MySQL", Duration.ofSeconds(90), () -> {
          try {
            return doris.count("plugin_it", "items") == 50 && contents(doris).equals(mysql(db));
          } catch (RuntimeException e) {
            return false; // the table is created by the job's first round
          }
        });
        PluginScenario.sql(admin, "STOP SYNC JOB plugin_it.items_job");
        assertThat(PluginScenario.sql(admin, "SHOW SYNC JOB FROM plugin_it").path("rows").get(0).get(3).asText())
            .isEqualTo("CANCELLED");
      } finally {
        fe.close();
      }
      assertThat(fe.status().get("role")).isEqualTo("standby");
    }
  }

  private static List<String> contents(DorisDouble doris) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> r : doris.rows("plugin_it", "items")) {
      out.add(r.get("id") + "|" + r.get("name") + "|" + r.get("qty"));
    }
    out.sort(null);
    return out;
  }

  private static List<String> mysql(TestDatabase db) {
    List<String> out = new ArrayList<>();
    for (List<Object> r : db.query("SELECT id, name, qty FROM items")) {
      out.add(r.get(0) + "|" + r.get(1) + "|" + r.get(2));
    }
    out.sort(null);
    return out;
  }
}
