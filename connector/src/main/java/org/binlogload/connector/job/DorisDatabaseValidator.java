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
 * and the replication number of the tables the job creates fits the alive backends.
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
      if (!databases.contains(c.targetDatabase())) {
        throw new JobValidationException("Doris database " + c.targetDatabase() + " of channel " + c + " does not "
            + "exist; run CREATE DATABASE " + c.targetDatabase() + " in Doris, or fix the INTO clause");
      }
      creates |= c.isWholeDatabase();
    }
    if (creates) {
      checkReplication(def);
    }
  }

  private void checkReplication(JobDefinition def) {
    String p = def.properties().get("replication_num");
    int wanted = p == null ? defaultReplication.getAsInt() : Integer.parseInt(p.trim());
    java.util.List<Object[]> backends;
    try {
      backends = rows("SHOW BACKENDS");
    } catch (JobValidationException e) {
      return; // a user without the privilege to list backends: Doris checks the number at CREATE TABLE
    }
    long alive = backends.stream().filter(r -> r.length > 0 && "true".equalsIgnoreCase(String.valueOf(r[r.length - 1])))
        .count();
    if (alive > 0 && wanted > alive) {
      throw new JobValidationException("replication_num " + wanted + (p == null ? " (the default)" : "") + " is more "
          + "than the " + alive + " alive Doris backend(s), so the job could not create its tables; set "
          + "\"replication_num\" = \"" + alive + "\" in the job's PROPERTIES, or add backends");
    }
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
