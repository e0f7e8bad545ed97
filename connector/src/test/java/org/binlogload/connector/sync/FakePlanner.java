package org.binlogload.connector.sync;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.binlogload.canal.DdlEvent;
import org.binlogload.ddl.ColumnDefinition;
import org.binlogload.ddl.ColumnPosition;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TableDefinition;

/**
 * A tiny DDL planner for unit tests: ADD/MODIFY COLUMN, DROP COLUMN of the key (refused), RENAME, DROP, CREATE, as
 * neutral changes of tables keyed by {@code id}.
 */
public final class FakePlanner implements DdlPlanner {
  private static final Pattern ADD = Pattern.compile("ALTER TABLE (\\w+) ADD COLUMN (\\w+).*", Pattern.CASE_INSENSITIVE);
  private static final Pattern MODIFY = Pattern.compile("ALTER TABLE (\\w+) MODIFY COLUMN (\\w+).*", Pattern.CASE_INSENSITIVE);
  private static final Pattern DROP_COL = Pattern.compile("ALTER TABLE (\\w+) DROP COLUMN (\\w+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern RENAME = Pattern.compile("RENAME TABLE (\\w+) TO (\\w+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DROP = Pattern.compile("DROP TABLE (\\w+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern CREATE = Pattern.compile("CREATE TABLE (\\w+) .*", Pattern.CASE_INSENSITIVE);

  private final Map<String, String> tracked = new TreeMap<>();

  @Override
  public void track(String schema, String table, String createSql) {
    tracked.put(schema + "." + table, createSql);
  }

  @Override
  public DdlPlan createTarget(String schema, String table, String targetDb, String targetTable) {
    Bindings none = new Bindings(Map.of(), Map.of());
    return new DdlPlan.Apply(List.of(create(schema, table)), none.bind(schema + "." + table,
        targetDb + "." + targetTable), none, List.of());
  }

  /** The definition of a table keyed by {@code id}, as every table of these tests is. */
  private static TableDefinition table(String schema, String table) {
    return TableDefinition.builder(schema, table).addColumn(ColumnDefinition.builder("id", "INT").build())
        .primaryKey(List.of("id")).build();
  }

  private static SchemaChange create(String schema, String table) {
    return new SchemaChange.CreateTable(table(schema, table), false, false);
  }

  @Override
  public DdlPlan plan(DdlEvent ddl, Bindings b) {
    String sql = ddl.sql().trim();
    Matcher m;
    if ((m = ADD.matcher(sql)).matches() || (m = MODIFY.matcher(sql)).matches()) {
      if (!b.tables().containsKey(ddl.schema() + "." + m.group(1))) {
        return new DdlPlan.Ignore("table outside the job");
      }
      TableDefinition before = table(ddl.schema(), m.group(1));
      ColumnDefinition column = ColumnDefinition.builder(m.group(2), "INT").build();
      SchemaChange c = sql.toUpperCase().contains("MODIFY") ? new SchemaChange.AlterColumnType(before, column, column)
          : new SchemaChange.AddColumn(before, column, ColumnPosition.last());
      return new DdlPlan.Apply(List.of(c), b, b, List.of());
    }
    if ((m = DROP_COL.matcher(sql)).matches()) {
      if (m.group(2).equals("id")) {
        return new DdlPlan.Refuse("Can not drop key column in Unique data model table",
            "recreate the Doris table without the column and reload it");
      }
      return new DdlPlan.Ignore("fake");
    }
    if ((m = RENAME.matcher(sql)).matches()) {
      String from = ddl.schema() + "." + m.group(1);
      String target = b.tables().get(from);
      if (target == null) {
        return new DdlPlan.Ignore("table outside the job");
      }
      return new DdlPlan.Apply(List.of(), b, b.unbind(from).bind(ddl.schema() + "." + m.group(2), target), List.of());
    }
    if ((m = DROP.matcher(sql)).matches()) {
      String t = ddl.schema() + "." + m.group(1);
      if (!b.tables().containsKey(t)) {
        return new DdlPlan.Ignore("table outside the job");
      }
      return new DdlPlan.Apply(List.of(), b, b.unbind(t), List.of(t));
    }
    if ((m = CREATE.matcher(sql)).matches()) {
      String db = b.databases().get(ddl.schema());
      if (db == null) {
        return new DdlPlan.Ignore("table outside the job");
      }
      return new DdlPlan.Apply(List.of(create(ddl.schema(), m.group(1))), b,
          b.bind(ddl.schema() + "." + m.group(1), db + "." + m.group(1)), List.of());
    }
    return new DdlPlan.Ignore("no-op");
  }

  @Override
  public void adopt(DdlEvent ddl, DdlPlan plan) {
    if (ddl.table() != null) {
      tracked.merge(ddl.schema() + "." + ddl.table(), ddl.sql(), (a, c) -> a + ";" + c);
    }
  }

  @Override
  public byte[] snapshot() {
    StringBuilder b = new StringBuilder("v1\n");
    tracked.forEach((k, v) -> b.append(k).append('\t').append(v.replace('\n', ' ')).append('\n'));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void restore(byte[] snapshot) {
    tracked.clear();
    List<String> lines = new ArrayList<>(List.of(new String(snapshot, StandardCharsets.UTF_8).split("\n")));
    lines.remove(0);
    for (String l : lines) {
      int tab = l.indexOf('\t');
      tracked.put(l.substring(0, tab), l.substring(tab + 1));
    }
  }

  Map<String, String> tracked() {
    return tracked;
  }
}
