package org.binlogload.ddl;

import java.util.List;
import java.util.Objects;

/**
 * Renders neutral schema changes as Doris SQL for UNIQUE KEY merge-on-write tables, enforcing the rules Doris's
 * schema-change handler enforces so that a statement Doris would refuse is refused here, with Doris's reason.
 *
 * <p>Value columns are always created NULL-able: Doris cannot change nullability later, while MySQL can, and the
 * binlog carries full rows, so a NOT NULL value column in Doris could only make a later load fail. Key columns are
 * NOT NULL.
 */
public final class DorisRenderer implements SchemaChangeRenderer, SchemaChangeVisitor<Rendering> {

  /** Type of the hidden sequence column declared with {@code function_column.sequence_type}. */
  public static final String SEQUENCE_TYPE = "bigint";

  /** Name under which Doris exposes the hidden sequence column (stream load {@code hidden_columns}). */
  public static final String HIDDEN_SEQUENCE_COLUMN = "__DORIS_SEQUENCE_COL__";

  static final String RECREATE = "recreate the Doris table with the new definition and reload it from MySQL, "
      + "then skip this statement";

  private final DorisSql sql;
  private final DorisCreateTable createTable;
  private final DorisColumnChanges columnChanges;
  private final DorisTypeChange typeChange;

  /** A renderer using {@code options} for names, types and table properties. */
  public DorisRenderer(TranslatorOptions options) {
    this.sql = new DorisSql(Objects.requireNonNull(options, "options == null"));
    DorisColumnSql columns = new DorisColumnSql(sql);
    this.createTable = new DorisCreateTable(sql, columns);
    this.columnChanges = new DorisColumnChanges(sql, columns);
    this.typeChange = new DorisTypeChange(sql, columns);
  }

  /** Renders {@code change}; a name Doris would reject ({@link DorisNames}) refuses it. */
  @Override
  public Rendering render(SchemaChange change) {
    try {
      if (change.table() != null && !(change instanceof SchemaChange.NoOp)) {
        sql.naming().table(change.table());
      }
      return change.accept(this);
    } catch (DorisNaming.Rejected e) {
      return Rendering.refused(e.reason, e.remedy);
    }
  }

  /** Backtick-quotes an identifier. */
  public static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** A Doris double-quoted string literal. */
  public static String literal(String value) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\0' -> sb.append("\\0");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  @Override
  public Rendering visitCreateTable(SchemaChange.CreateTable change) {
    return createTable.render(change);
  }

  @Override
  public Rendering visitDropTable(SchemaChange.DropTable change) {
    return Rendering.of(List.of(sql.statement("DROP TABLE IF EXISTS " + sql.target(change.table()), false,
        change.table())), List.of());
  }

  @Override
  public Rendering visitTruncateTable(SchemaChange.TruncateTable change) {
    return Rendering.of(List.of(sql.statement("TRUNCATE TABLE " + sql.target(change.table()), false,
        change.table())), List.of());
  }

  @Override
  public Rendering visitRenameTable(SchemaChange.RenameTable change) {
    TableId from = sql.naming().table(change.table());
    TableId to = sql.naming().table(change.newTable());
    if (!from.schema().equals(to.schema())) {
      return Rendering.refused("Doris cannot move table " + from + " to another database (" + to.schema() + ")",
          "create " + to + " in Doris and reload it from MySQL, drop " + from + ", then skip this statement");
    }
    if (from.table().equals(to.table())) {
      return Rendering.nothing("rename of " + change.table() + " to " + change.newTable()
          + " keeps the Doris name " + to);
    }
    return Rendering.of(List.of(sql.statement("ALTER TABLE " + sql.target(change.table()) + " RENAME "
        + quote(to.table()), false, change.table())), List.of());
  }

  @Override
  public Rendering visitAddColumn(SchemaChange.AddColumn change) {
    return columnChanges.add(change);
  }

  @Override
  public Rendering visitDropColumn(SchemaChange.DropColumn change) {
    return columnChanges.drop(change);
  }

  @Override
  public Rendering visitRenameColumn(SchemaChange.RenameColumn change) {
    return columnChanges.rename(change);
  }

  @Override
  public Rendering visitAlterColumnType(SchemaChange.AlterColumnType change) {
    return typeChange.render(change);
  }

  @Override
  public Rendering visitNoOp(SchemaChange.NoOp change) {
    return Rendering.nothing(change.reason());
  }
}
