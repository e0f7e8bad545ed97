package org.binlogload.canal.internal;

import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.TableMetaTSDB;
import org.binlogload.canal.DurableStore;

/**
 * Makes the table-definition history Canal's parser decodes rows with: the single place where the persistent schema
 * history plugs into the wiring.
 */
@FunctionalInterface
public interface TableMetaFactory {
  /** Connection details the history may need to read live table definitions; the password is never logged. */
  record Connection(String destination, String host, int port, String user, String password) {
    @Override
    public String toString() {
      return "Connection[" + destination + ", " + user + "@" + host + ":" + port + "]";
    }
  }

  /** A history for {@code connection.destination()} kept in {@code store}; null keeps Canal's own table meta. */
  TableMetaTSDB create(DurableStore store, Connection connection);

  /** The factory used when the builder names none: the persistent schema history (docs/schema-history.md). */
  static TableMetaFactory defaultFactory() {
    return org.binlogload.canal.internal.schema.SchemaHistory.factory();
  }
}
