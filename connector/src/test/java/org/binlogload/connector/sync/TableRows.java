package org.binlogload.connector.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.binlogload.dorisdouble.DorisDouble;
import org.binlogload.testkit.TestDatabase;

/** A table's rows as sorted, normalised text, read from MariaDB or from the Doris double, to compare the two. */
final class TableRows {
  private TableRows() {}

  /** The rows of {@code table} in MariaDB. */
  static List<String> mysql(TestDatabase db, String table) {
    List<String> out = new ArrayList<>();
    for (List<Object> r : db.query("SELECT * FROM `" + table + "`")) {
      out.add(r.stream().map(SyncJobMariaDbTest::norm).toList().toString());
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** The rows of {@code db.table} in the double, or what {@code missing} makes of the double's refusal to read it. */
  static List<String> doris(DorisDouble doris, String db, String table,
      Function<RuntimeException, List<String>> missing) {
    List<String> out = new ArrayList<>();
    try {
      for (Map<String, Object> r : doris.rows(db, table)) {
        out.add(r.values().stream().map(SyncJobMariaDbTest::norm).toList().toString());
      }
    } catch (RuntimeException e) {
      return missing.apply(e);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }
}
