package org.binlogload.connector.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.doris.Label;
import org.binlogload.connector.doris.LoadRequest;
import org.binlogload.connector.doris.LoadResult;
import org.binlogload.connector.doris.QueryResult;
import org.binlogload.connector.doris.RowSource;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.LoadRow;

/**
 * A {@link StateStore} in a Doris table, for the FE plugin: a new master FE reads what the old one wrote.
 *
 * <p>The table is {@code UNIQUE KEY (k VARCHAR(512), v STRING)} with values base64-encoded. A put is one Stream Load
 * of one row (a committed load is durable, and a row is replaced whole, so the put is atomic); a delete loads the
 * row with the delete sign. Reads go through {@code SELECT}. Writes come from one writer at a time (the master FE),
 * so commit order is write order. Restrict the state database: job definitions hold MySQL passwords.
 */
public final class DorisStateStore implements StateStore {
  /** The default table name. */
  public static final String DEFAULT_TABLE = "binlog_load_state";
  private static final LoadColumns COLUMNS = LoadColumns.of(List.of("k", "v"));

  private final DorisClient client;
  private final String database;
  private final String table;
  private final Duration visibilityTimeout;

  private DorisStateStore(DorisClient client, String database, String table, Duration visibilityTimeout) {
    this.client = client;
    this.database = database;
    this.table = table;
    this.visibilityTimeout = visibilityTimeout;
  }

  /**
   * Opens the store in {@code database.table}, creating both when absent ({@code replicationNum} replicas).
   * The store uses its own client without a sequence column, built from {@code config}.
   */
  public static DorisStateStore open(DorisConfig config, String database, String table, int replicationNum) {
    if (replicationNum < 1) {
      throw new IllegalArgumentException("replicationNum < 1");
    }
    DorisClient client = DorisClient.create(config.toBuilder().sequenceColumn(null).build());
    String q = DorisClient.quoteIdent(database) + "." + DorisClient.quoteIdent(table);
    client.execute(database, "CREATE DATABASE IF NOT EXISTS " + DorisClient.quoteIdent(database));
    client.execute(database, "CREATE TABLE IF NOT EXISTS " + q + " (k VARCHAR(512) NOT NULL, v STRING NULL) "
        + "UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"" + replicationNum
        + "\", \"enable_unique_key_merge_on_write\" = \"true\")");
    return new DorisStateStore(client, database, table, Duration.ofSeconds(30));
  }

  private String qualified() {
    return DorisClient.quoteIdent(database) + "." + DorisClient.quoteIdent(table);
  }

  private static String literal(String key) {
    return "'" + key.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Override
  public Optional<byte[]> get(String key) {
    QueryResult r = client.query(database, "SELECT v FROM " + qualified() + " WHERE k = "
        + literal(StateKeys.check(key)));
    if (r.rows().isEmpty()) {
      return Optional.empty();
    }
    Object v = r.rows().get(0).get(0);
    return Optional.of(v == null ? new byte[0] : Base64.getDecoder().decode(String.valueOf(v)));
  }

  @Override
  public void put(String key, byte[] value) {
    String encoded = Base64.getEncoder().encodeToString(value);
    load(StateKeys.check(key), encoded, false);
  }

  @Override
  public void delete(String key) {
    load(StateKeys.check(key), "", true);
  }

  private void load(String key, String encoded, boolean delete) {
    LoadRow r = LoadRow.of(COLUMNS, new Object[] {key, encoded}, delete, 0, null);
    Label label = Label.parse("binlog_load_state_" + UUID.randomUUID().toString().replace("-", ""));
    LoadRequest request = LoadRequest.builder().db(database).table(table).label(label).twoPhaseCommit(false)
        .acceptCommittedLabel(true).build();
    LoadResult result = client.streamLoad(request, RowSource.of(List.of(r)));
    if (result.status() == LoadResult.Status.PUBLISH_TIMEOUT) {
      awaitVisible(key, delete ? null : encoded);
    }
  }

  /** After Publish Timeout the write is committed but may not be visible yet: wait until a read returns it. */
  private void awaitVisible(String key, String encoded) {
    long deadline = System.nanoTime() + visibilityTimeout.toNanos();
    long pause = 20;
    while (true) {
      Optional<byte[]> now = get(key);
      String seen = now.map(b -> Base64.getEncoder().encodeToString(b)).orElse(null);
      if (encoded == null ? seen == null : encoded.equals(seen)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("state " + key + " in " + database + "." + table + " is committed but not "
            + "visible after " + visibilityTimeout.toSeconds() + " s (Publish Timeout)");
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for state " + key + " to become visible", e);
      }
      pause = Math.min(pause * 2, 500);
    }
  }

  @Override
  public List<String> keys(String prefix) {
    StateKeys.checkPrefix(prefix);
    QueryResult r = client.query(database, "SELECT k FROM " + qualified() + " ORDER BY k");
    List<String> out = new ArrayList<>();
    for (List<Object> row : r.rows()) {
      String k = String.valueOf(row.get(0));
      if (k.startsWith(prefix)) {
        out.add(k);
      }
    }
    return out;
  }

  @Override
  public StateStore scoped(String prefix) {
    return new ScopedStateStore(this, prefix);
  }

  /** Closes the store's own Doris client. */
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "DorisStateStore{" + database + "." + table + "}";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
