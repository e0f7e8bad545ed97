package org.binlogload.ddl;

import java.util.ArrayList;
import java.util.List;

/** Renders CREATE TABLE as a Doris UNIQUE KEY merge-on-write table hashed on its key. */
final class DorisCreateTable {

  private final DorisSql sql;
  private final DorisColumnSql columns;

  DorisCreateTable(DorisSql sql, DorisColumnSql columns) {
    this.sql = sql;
    this.columns = columns;
  }

  Rendering render(SchemaChange.CreateTable change) {
    TranslatorOptions options = sql.options();
    TableDefinition table = change.definition();
    if (table.keyColumns().isEmpty()) {
      return Rendering.refused("table " + table.id() + " has neither a primary key nor a NOT NULL unique key, "
          + "and a Doris UNIQUE KEY table needs one", "add a primary key in MySQL, or leave the table out of the job");
    }
    String name = sql.target(table.id());
    List<String> notes = new ArrayList<>();
    List<String> defs = new ArrayList<>();
    for (String k : table.keyColumns()) {
      ColumnDefinition c = table.column(k).orElseThrow();
      DorisColumnSql.Definition def = columns.definition(table, c, false, notes);
      if (def.refusal() != null) {
        return Rendering.refused(def.refusal(), "change the key column's type in MySQL, or leave the table out of "
            + "the job");
      }
      defs.add(def.sql());
    }
    for (ColumnDefinition c : table.columns()) {
      if (!c.key()) {
        DorisColumnSql.Definition def = columns.definition(table, c, false, notes);
        if (def.refusal() != null) {
          return Rendering.refused(def.refusal(), "leave the table out of the job");
        }
        defs.add(def.sql());
      }
    }
    String clash = sql.naming().duplicateColumn(table);
    if (clash != null) {
      return Rendering.refused(clash, "change the name mapping so that every column of " + table.id()
          + " has its own Doris name");
    }
    if (options.sequenceColumn() != null) {
      sql.naming().sequenceColumn(options.sequenceColumn());
      if (table.columns().stream().anyMatch(c -> sql.naming().column(table.id(), c.name())
          .equalsIgnoreCase(options.sequenceColumn()))) {
        return Rendering.refused("table " + table.id() + " already has a column named " + options.sequenceColumn()
            + ", the configured sequence column", "configure another sequenceColumn");
      }
      defs.add(DorisRenderer.quote(options.sequenceColumn()) + " BIGINT NULL");
    }
    List<String> keys = table.keyColumns().stream().map(k -> sql.col(table, k)).toList();
    StringBuilder ddl = new StringBuilder("CREATE TABLE ");
    if (change.ifNotExists() && !change.replace()) {
      ddl.append("IF NOT EXISTS ");
    }
    ddl.append(name).append(" (").append(String.join(", ", defs)).append(") ENGINE=OLAP UNIQUE KEY(")
        .append(String.join(", ", keys)).append(")");
    if (table.comment() != null && !table.comment().isEmpty()) {
      ddl.append(" COMMENT ").append(DorisRenderer.literal(table.comment()));
    }
    ddl.append(" DISTRIBUTED BY HASH(").append(String.join(", ", keys)).append(") BUCKETS ")
        .append(options.buckets() == 0 ? "AUTO" : String.valueOf(options.buckets()))
        .append(" PROPERTIES (\"replication_num\" = \"").append(options.replicationNum())
        .append("\", \"enable_unique_key_merge_on_write\" = \"true\", \"light_schema_change\" = \"true\", ");
    if (options.sequenceColumn() != null) {
      ddl.append("\"function_column.sequence_col\" = ").append(DorisRenderer.literal(options.sequenceColumn()));
    } else {
      ddl.append("\"function_column.sequence_type\" = \"").append(DorisRenderer.SEQUENCE_TYPE).append('"');
    }
    ddl.append(')');
    List<DorisStatement> out = new ArrayList<>();
    if (change.replace()) {
      out.add(sql.statement("DROP TABLE IF EXISTS " + sql.target(table.id()), false, table.id()));
      notes.add("CREATE OR REPLACE TABLE " + table.id() + ": the Doris table is dropped and created empty");
    }
    out.add(sql.statement(ddl.toString(), false, table.id()));
    return Rendering.of(out, notes);
  }
}
