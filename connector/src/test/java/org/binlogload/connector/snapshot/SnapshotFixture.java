package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.state.LocalStateStore;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.TestDatabase;

/** A source schema, a Doris double with a database {@code snap}, a Doris client and a progress store on disk. */
final class SnapshotFixture implements AutoCloseable {
  final TestDatabase db;
  final DorisDouble doris;
  final DorisClient client;
  final SourceConnections repl;
  final Path state;

  SnapshotFixture(TestDatabase db, Path state) {
    this.db = db;
    this.state = state;
    this.doris = DorisDouble.builder().start();
    this.client = DorisClient.create(DorisConfig.builder().feAddress(doris.feAddress()).user(doris.user())
        .password(doris.password()).readTimeout(Duration.ofSeconds(30)).build());
    this.repl = new SourceConnections(db.host(), db.port(), db.server().replUser(), db.server().replPassword());
    doris.sql(null, "CREATE DATABASE IF NOT EXISTS snap");
  }

  /** A Doris UNIQUE KEY table with the hidden sequence column, as the translator creates it. */
  void dorisTable(String name, String columns, String key) {
    doris.sql("snap", "CREATE TABLE `" + name + "` (" + columns + ") UNIQUE KEY(" + key + ") DISTRIBUTED BY HASH("
        + key + ") BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", \"function_column.sequence_type\" = \"BIGINT\")");
  }

  SnapshotProgressStore store() {
    return new SnapshotProgressStore(LocalStateStore.open(state).scoped("jobs/1"));
  }

  Snapshot snapshot(ChunkLoader loader, int parallelism, int chunkSize, Snapshot.Listener listener) {
    return new Snapshot(repl, loader, store(), "1_job", parallelism, chunkSize, listener);
  }

  /** The target of source table {@code table} into {@code snap.table}. */
  Snapshot.Target target(String table) throws SQLException {
    try (Connection c = repl.open()) {
      return new Snapshot.Target(TableInspector.inspect(c, db.schema(), table), "snap", table);
    }
  }

  /** Asserts that {@code snap.table} holds exactly the source table's rows, value by value as text. */
  void assertEqual(String table, String keyOrder) {
    List<List<String>> source = new ArrayList<>();
    for (List<Object> row : db.query("SELECT * FROM " + table + " ORDER BY " + keyOrder)) {
      source.add(row.stream().map(String::valueOf).toList());
    }
    List<List<String>> target = new ArrayList<>();
    for (Map<String, Object> row : doris.rows("snap", table)) {
      target.add(row.values().stream().map(String::valueOf).toList());
    }
    assertThat(target).as("rows of snap." + table).hasSameSizeAs(source).containsExactlyElementsOf(source);
  }

  @Override
  public void close() {
    client.close();
    doris.close();
  }
}
