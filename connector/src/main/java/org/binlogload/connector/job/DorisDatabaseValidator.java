package org.binlogload.connector.job;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisException;
import org.binlogload.connector.doris.ErrorKind;
import org.binlogload.connector.doris.QueryResult;

/**
 * Checks a job's Doris side before it is created: the configured credentials work, every target database exists,
 * and where the job creates tables (whole databases, missing targets of table channels) the replication number fits
 * the alive backends and the user may create and drop tables.
 */
public final class DorisDatabaseValidator implements JobValidator {
  private final DorisClient client;
  private final IntSupplier defaultReplication;

  /** A validator asking through {@code client}; {@code defaultReplication} is the translator's replication number. */
  public DorisDatabaseValidator(DorisClient client, IntSupplier defaultReplication) {
    this.client = client;
    this.defaultReplication = defaultReplication;
  }

  @Override
  public void validate(JobDefinition def) {
    Set<String> databases = new HashSet<>();
    for (Object[] r : rows("SHOW DATABASES")) {
      databases.add(String.valueOf(r[0]));
    }
    boolean creates = false;
    for (ChannelSpec c : def.channels()) {
      if (c.isSchemaPattern()) {
        continue; // one Doris database per matching source database, checked when the job creates its tables
      }
      if (!databases.contains(c.targetDatabase())) {
        throw new JobValidationException("Doris database " + c.targetDatabase() + " of channel " + c + " does not "
            + "exist; run CREATE DATABASE " + c.targetDatabase() + " in Doris, or fix the INTO clause");
      }
      creates |= creates(c);
    }
    if (creates) {
      int replication = checkReplication(def);
      Set<String> probed = new HashSet<>();
      for (ChannelSpec c : def.channels()) {
        if (creates(c) && probed.add(c.targetDatabase())) {
          checkCreate(c, replication);
        }
      }
    }
  }

  /** Whether the job creates Doris tables for {@code c}: a whole database, or a table channel whose table is gone. */
  private boolean creates(ChannelSpec c) {
    if (c.isWholeDatabase()) {
      return !c.isSchemaPattern();
    }
    try {
      client.describe(c.targetDatabase(), c.targetTable());
      return false;
    } catch (DorisException e) {
      if (e.kind() == ErrorKind.UNKNOWN_TABLE || e.kind() == ErrorKind.UNKNOWN_DATABASE) {
        return true;
      }
      throw new JobValidationException("Doris answered DESCRIBE " + c.target() + " with an error: " + e.getMessage(),
          e);
    }
  }

  /**
   * Creates and drops a table shaped like the job's own (UNIQUE KEY, merge-on-write, sequence column) in the channel's
   * database: the one way to know that Doris lets this user create what the job will create, whatever its roles.
   */
  private void checkCreate(ChannelSpec c, int replication) {
    String db = c.targetDatabase();
    String probe = "binlog_load_probe_" + Long.toHexString(System.nanoTime());
    String table = "`" + db.replace("`", "``") + "`.`" + probe + "`";
    String user = client.config().user();
    try {
      client.execute(db, "CREATE TABLE " + table + " (k INT NOT NULL, v INT NULL) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) "
          + "BUCKETS 1 PROPERTIES (\"replication_num\" = \"" + replication + "\", "
          + "\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"bigint\")");
    } catch (DorisException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("Access denied") || m.toLowerCase(Locale.ROOT).contains("privilege")) {
        throw new JobValidationException("Doris user " + user + " may not create tables in " + db + ", which the "
            + (c.isWholeDatabase() ? "whole-database channel " : "channel ") + c + " needs (Doris said: " + m + "); run GRANT SELECT_PRIV, LOAD_PRIV, "
            + "ALTER_PRIV, CREATE_PRIV, DROP_PRIV ON " + db + ".* TO " + user + " in Doris, or create the tables "
            + "yourself and map them table by table (FROM db.t INTO " + db + ".t)", e);
      }
      throw new JobValidationException("Doris refused a test CREATE TABLE in " + db + " shaped like the tables the "
          + "channel " + c + " creates: " + m, e);
    }
    try {
      client.execute(db, "DROP TABLE IF EXISTS " + table + " FORCE");
    } catch (DorisException e) {
      throw new JobValidationException("Doris user " + user + " created the test table " + db + "." + probe + " but may "
          + "not drop it (Doris said: " + e.getMessage() + "); the job drops tables when MySQL does: run GRANT "
          + "DROP_PRIV ON " + db + ".* TO " + user + " in Doris, then DROP TABLE " + db + "." + probe, e);
    }
  }

  /** Checks the replication number against the alive backends; returns it. */
  private int checkReplication(JobDefinition def) {
    String p = def.properties().get("replication_num");
    int wanted = p == null ? defaultReplication.getAsInt() : Integer.parseInt(p.trim());
    java.util.List<Object[]> backends;
    try {
      backends = rows("SHOW BACKENDS");
    } catch (JobValidationException e) {
      return wanted; // a user without the privilege to list backends: the test CREATE TABLE checks the number
    }
    long alive = backends.stream().filter(r -> r.length > 0 && "true".equalsIgnoreCase(String.valueOf(r[r.length - 1])))
        .count();
    if (alive > 0 && wanted > alive) {
      throw new JobValidationException("replication_num " + wanted + (p == null ? " (the default)" : "") + " is more "
          + "than the " + alive + " alive Doris backend(s), so the job could not create its tables; set "
          + "\"replication_num\" = \"" + alive + "\" in the job's PROPERTIES, or add backends");
    }
    return wanted;
  }

  private java.util.List<Object[]> rows(String sql) {
    QueryResult r;
    try {
      r = client.query("", sql);
    } catch (DorisException e) {
      if (e.kind() == ErrorKind.AUTH) {
        throw new JobValidationException("Doris refused the configured user: " + e.getMessage() + "; check "
            + "doris.user and doris.password in the daemon's configuration (or the FE plugin's plugin.conf)", e);
      }
      if (e.kind() == ErrorKind.CONNECTION || e.kind() == ErrorKind.TIMEOUT) {
        throw new JobValidationException("cannot reach Doris: " + e.getMessage() + "; check doris.fe_http_addresses "
            + "in the daemon's configuration and that the FE is up", e);
      }
      throw new JobValidationException("Doris answered " + sql.toLowerCase(Locale.ROOT) + " with an error: "
          + e.getMessage(), e);
    }
    java.util.List<Object[]> out = new java.util.ArrayList<>();
    int alive = r.columns().indexOf("Alive");
    for (java.util.List<Object> row : r.rows()) {
      if (alive >= 0) {
        out.add(new Object[] {row.get(alive)});
      } else {
        out.add(row.toArray());
      }
    }
    return out;
  }
}
