package org.binlogload.connector.sync;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.binlogload.canal.DdlEvent;

/** A tiny DDL planner for unit tests: ADD/MODIFY COLUMN, DROP COLUMN of the key (refused), RENAME, DROP, CREATE. */
final class FakePlanner implements DdlPlanner {
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
    return new DdlPlan.Apply(List.of(new TargetStatement(targetDb, targetTable,
        "CREATE TABLE " + targetDb + "." + targetTable + " KEY(id)", false)), new Bindings(Map.of(), Map.of()), List.of());
  }

  @Override
  public DdlPlan plan(DdlEvent ddl, Bindings b) {
    String sql = ddl.sql().trim();
    Matcher m;
    if ((m = ADD.matcher(sql)).matches() || (m = MODIFY.matcher(sql)).matches()) {
      String target = b.tables().get(ddl.schema() + "." + m.group(1));
      if (target == null) {
        return new DdlPlan.Ignore("table outside the job");
      }
      boolean heavy = sql.toUpperCase().contains("MODIFY");
      return new DdlPlan.Apply(List.of(new TargetStatement(target.substring(0, target.indexOf('.')),
          target.substring(target.indexOf('.') + 1), "ALTER TABLE " + target + (heavy ? " MODIFY COLUMN " : " ADD COLUMN ")
          + m.group(2), heavy)), b, List.of());
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
      return new DdlPlan.Apply(List.of(), b.unbind(from).bind(ddl.schema() + "." + m.group(2), target), List.of());
    }
    if ((m = DROP.matcher(sql)).matches()) {
      String t = ddl.schema() + "." + m.group(1);
      if (!b.tables().containsKey(t)) {
        return new DdlPlan.Ignore("table outside the job");
      }
      return new DdlPlan.Apply(List.of(), b.unbind(t), List.of(t));
    }
    if ((m = CREATE.matcher(sql)).matches()) {
      String db = b.databases().get(ddl.schema());
      if (db == null) {
        return new DdlPlan.Ignore("table outside the job");
      }
      return new DdlPlan.Apply(List.of(new TargetStatement(db, m.group(1), "CREATE TABLE " + db + "." + m.group(1)
          + " KEY(id)", false)), b.bind(ddl.schema() + "." + m.group(1), db + "." + m.group(1)), List.of());
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
