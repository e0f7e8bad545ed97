package org.binlogload.connector.job;

import java.util.Locale;
import java.util.Optional;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisException;
import org.binlogload.connector.doris.ErrorKind;
import org.binlogload.connector.doris.QueryResult;

/** Reads a Doris table's keys type from {@code SHOW CREATE TABLE} through the Doris client's SQL endpoint. */
public final class DorisTargetInspector implements TargetInspector {
  private final DorisClient client;

  /** An inspector asking through {@code client}. */
  public DorisTargetInspector(DorisClient client) {
    this.client = client;
  }

  @Override
  public Optional<KeysType> keysType(String db, String table) {
    QueryResult r;
    try {
      r = client.query(db, "SHOW CREATE TABLE " + DorisClient.quoteIdent(db) + "." + DorisClient.quoteIdent(table));
    } catch (DorisException e) {
      if (e.kind() == ErrorKind.UNKNOWN_TABLE || e.kind() == ErrorKind.UNKNOWN_DATABASE) {
        return Optional.empty();
      }
      throw new JobValidationException("cannot read target table " + db + "." + table + " from Doris: "
          + e.getMessage(), e);
    }
    if (r.rows().isEmpty()) {
      return Optional.empty();
    }
    String ddl = r.get(0, "Create Table");
    if (ddl == null) {
      throw new JobValidationException("SHOW CREATE TABLE " + db + "." + table + " answered no 'Create Table' column");
    }
    String upper = ddl.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (upper.contains("UNIQUE KEY(") || upper.contains("UNIQUE KEY (")) {
      return Optional.of(KeysType.UNIQUE_KEYS);
    }
    if (upper.contains("AGGREGATE KEY(") || upper.contains("AGGREGATE KEY (")) {
      return Optional.of(KeysType.AGG_KEYS);
    }
    return Optional.of(KeysType.DUPLICATE_KEYS);
  }
}
