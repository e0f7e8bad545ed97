package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisException;
import org.binlogload.connector.doris.ErrorKind;
import org.binlogload.connector.doris.QueryResult;

/** Reads a Doris table's model, keys, columns and sequence column from {@code SHOW CREATE TABLE} over SQL. */
public final class DorisTargetInspector implements TargetInspector {
  private static final Pattern KEYS = Pattern.compile("\\b(UNIQUE|DUPLICATE|AGGREGATE)\\s+KEY\\s*\\(([^)]*)\\)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern COLUMN = Pattern.compile("(?m)^\\s*`((?:[^`]|``)+)`\\s");
  private final DorisClient client;

  /** An inspector asking through {@code client}. */
  public DorisTargetInspector(DorisClient client) {
    this.client = client;
  }

  @Override
  public Optional<TargetTable> table(String db, String table) {
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
    return Optional.of(parse(ddl));
  }

  /** The table SHOW CREATE TABLE prints as {@code ddl}. */
  static TargetTable parse(String ddl) {
    Matcher k = KEYS.matcher(ddl);
    KeysType type = KeysType.DUPLICATE_KEYS;
    List<String> keys = List.of();
    boolean found = k.find();
    if (found) {
      String model = k.group(1).toUpperCase(Locale.ROOT);
      type = model.equals("UNIQUE") ? KeysType.UNIQUE_KEYS
          : model.equals("AGGREGATE") ? KeysType.AGG_KEYS : KeysType.DUPLICATE_KEYS;
      keys = names(k.group(2));
    }
    List<String> columns = new ArrayList<>();
    Matcher c = COLUMN.matcher(ddl.substring(0, found ? k.start() : ddl.length()));
    while (c.find()) {
      columns.add(c.group(1).replace("``", "`"));
    }
    boolean sequence = ddl.contains("\"function_column.sequence_type\"")
        || ddl.contains("\"function_column.sequence_col\"");
    return new TargetTable(type, keys, columns, sequence);
  }

  private static List<String> names(String list) {
    List<String> out = new ArrayList<>();
    for (String n : list.split(",")) {
      String t = n.trim();
      if (t.startsWith("`") && t.endsWith("`") && t.length() >= 2) {
        t = t.substring(1, t.length() - 1).replace("``", "`");
      }
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }
}
