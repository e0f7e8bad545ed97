package org.binlogload.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.binlogload.ddl.TypeMapping.DorisType;

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

  private static final List<String> INTEGERS = List.of("TINYINT", "SMALLINT", "INT", "BIGINT", "LARGEINT");
  /** Characters of the longest value of each of {@link #INTEGERS} as text, sign included. */
  private static final List<Integer> INTEGER_TEXT_WIDTH = List.of(4, 6, 11, 20, 40);

  private final TranslatorOptions options;
  private final DorisNaming naming;

  /** A renderer using {@code options} for names, types and table properties. */
  public DorisRenderer(TranslatorOptions options) {
    this.options = Objects.requireNonNull(options, "options == null");
    this.naming = new DorisNaming(options);
  }

  /** Renders {@code change}; a name Doris would reject ({@link DorisNames}) refuses it. */
  @Override
  public Rendering render(SchemaChange change) {
    try {
      if (change.table() != null && !(change instanceof SchemaChange.NoOp)) {
        naming.table(change.table());
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

  private String target(TableId table) {
    TableId t = naming.table(table);
    return quote(t.schema()) + "." + quote(t.table());
  }

  /** The quoted Doris name of column {@code column} of {@code table}. */
  private String col(TableDefinition table, String column) {
    return quote(naming.column(table.id(), column));
  }

  private DorisStatement statement(String sql, boolean heavy, TableId table) {
    TableId t = options.target(table);
    return new DorisStatement(sql, heavy, table, t.schema(), t.table());
  }

  private TypeMapping.Context context(TableDefinition table) {
    return new TypeMapping.Context(options.tinyInt1AsBoolean(), table.charset(), options.defaultCharset());
  }

  /** The Doris type of a column of {@code table}, as a key column when it is one; null when unknown. */
  DorisType dorisType(TableDefinition table, ColumnDefinition column) {
    DorisType t = TypeMapping.map(column, context(table)).orElse(null);
    if (t != null && column.key() && t.name().equals("STRING")) {
      return DorisType.of("VARCHAR", options.keyVarcharMax());
    }
    return t;
  }

  @Override
  public Rendering visitCreateTable(SchemaChange.CreateTable change) {
    TableDefinition table = change.definition();
    if (table.keyColumns().isEmpty()) {
      return Rendering.refused("table " + table.id() + " has neither a primary key nor a NOT NULL unique key, "
          + "and a Doris UNIQUE KEY table needs one", "add a primary key in MySQL, or leave the table out of the job");
    }
    String name = target(table.id());
    List<String> notes = new ArrayList<>();
    List<String> defs = new ArrayList<>();
    for (String k : table.keyColumns()) {
      ColumnDefinition c = table.column(k).orElseThrow();
      ColumnSql def = columnSql(table, c, false, notes);
      if (def.refusal() != null) {
        return Rendering.refused(def.refusal(), "change the key column's type in MySQL, or leave the table out of "
            + "the job");
      }
      defs.add(def.sql());
    }
    for (ColumnDefinition c : table.columns()) {
      if (!c.key()) {
        ColumnSql def = columnSql(table, c, false, notes);
        if (def.refusal() != null) {
          return Rendering.refused(def.refusal(), "leave the table out of the job");
        }
        defs.add(def.sql());
      }
    }
    String clash = duplicateDorisColumn(table);
    if (clash != null) {
      return Rendering.refused(clash, "change the name mapping so that every column of " + table.id()
          + " has its own Doris name");
    }
    if (options.sequenceColumn() != null) {
      naming.sequenceColumn(options.sequenceColumn());
      if (table.columns().stream().anyMatch(c -> naming.column(table.id(), c.name())
          .equalsIgnoreCase(options.sequenceColumn()))) {
        return Rendering.refused("table " + table.id() + " already has a column named " + options.sequenceColumn()
            + ", the configured sequence column", "configure another sequenceColumn");
      }
      defs.add(quote(options.sequenceColumn()) + " BIGINT NULL");
    }
    List<String> keys = table.keyColumns().stream().map(k -> col(table, k)).toList();
    StringBuilder sql = new StringBuilder("CREATE TABLE ");
    if (change.ifNotExists() && !change.replace()) {
      sql.append("IF NOT EXISTS ");
    }
    sql.append(name).append(" (").append(String.join(", ", defs)).append(") ENGINE=OLAP UNIQUE KEY(")
        .append(String.join(", ", keys)).append(")");
    if (table.comment() != null && !table.comment().isEmpty()) {
      sql.append(" COMMENT ").append(literal(table.comment()));
    }
    sql.append(" DISTRIBUTED BY HASH(").append(String.join(", ", keys)).append(") BUCKETS ")
        .append(options.buckets() == 0 ? "AUTO" : String.valueOf(options.buckets()))
        .append(" PROPERTIES (\"replication_num\" = \"").append(options.replicationNum())
        .append("\", \"enable_unique_key_merge_on_write\" = \"true\", \"light_schema_change\" = \"true\", ");
    if (options.sequenceColumn() != null) {
      sql.append("\"function_column.sequence_col\" = ").append(literal(options.sequenceColumn()));
    } else {
      sql.append("\"function_column.sequence_type\" = \"").append(SEQUENCE_TYPE).append('"');
    }
    sql.append(')');
    List<DorisStatement> out = new ArrayList<>();
    if (change.replace()) {
      out.add(statement("DROP TABLE IF EXISTS " + target(table.id()), false, table.id()));
      notes.add("CREATE OR REPLACE TABLE " + table.id() + ": the Doris table is dropped and created empty");
    }
    out.add(statement(sql.toString(), false, table.id()));
    return Rendering.of(out, notes);
  }

  /** A Doris column definition and its default, or the reason Doris would refuse the column. */
  private record ColumnSql(String sql, String refusal, DorisDefaults.Default dflt) {
    static ColumnSql refused(String reason) {
      return new ColumnSql(null, reason, DorisDefaults.Default.NONE);
    }
  }

  private ColumnSql columnSql(TableDefinition table, ColumnDefinition c, boolean adding, List<String> notes) {
    DorisType t = dorisType(table, c);
    if (t == null) {
      return ColumnSql.refused("unsupported MySQL type " + c.mysqlType() + " of column " + c.name() + " in "
          + table.id());
    }
    StringBuilder sb = new StringBuilder(col(table, c.name())).append(' ').append(t.sql());
    DorisDefaults.Default d = DorisDefaults.Default.NONE;
    if (c.key()) {
      if (t.name().equals("FLOAT") || t.name().equals("DOUBLE")) {
        return ColumnSql.refused("Float or double can not used as a key, use decimal instead. (key column " + c.name()
            + " of " + table.id() + ")");
      }
      if (t.name().equals("JSON")) {
        return ColumnSql.refused("JSON type should not be used in key column[" + c.name() + "] (" + table.id() + ")");
      }
      sb.append(" NOT NULL");
    } else {
      sb.append(" NULL");
      d = DorisDefaults.of(table.id(), c, t, adding);
      if (d.sql() != null) {
        sb.append(" DEFAULT ").append(d.sql());
      }
      if (d.note() != null) {
        notes.add(d.note());
      }
    }
    if (c.comment() != null && !c.comment().isEmpty()) {
      sb.append(" COMMENT ").append(literal(c.comment()));
    }
    return new ColumnSql(sb.toString(), null, d);
  }

  @Override
  public Rendering visitDropTable(SchemaChange.DropTable change) {
    return Rendering.of(List.of(statement("DROP TABLE IF EXISTS " + target(change.table()), false,
        change.table())), List.of());
  }

  @Override
  public Rendering visitTruncateTable(SchemaChange.TruncateTable change) {
    return Rendering.of(List.of(statement("TRUNCATE TABLE " + target(change.table()), false, change.table())),
        List.of());
  }

  @Override
  public Rendering visitRenameTable(SchemaChange.RenameTable change) {
    TableId from = naming.table(change.table());
    TableId to = naming.table(change.newTable());
    if (!from.schema().equals(to.schema())) {
      return Rendering.refused("Doris cannot move table " + from + " to another database (" + to.schema() + ")",
          "create " + to + " in Doris and reload it from MySQL, drop " + from + ", then skip this statement");
    }
    if (from.table().equals(to.table())) {
      return Rendering.nothing("rename of " + change.table() + " to " + change.newTable()
          + " keeps the Doris name " + to);
    }
    return Rendering.of(List.of(statement("ALTER TABLE " + target(change.table()) + " RENAME " + quote(to.table()),
        false, change.table())), List.of());
  }

  @Override
  public Rendering visitAddColumn(SchemaChange.AddColumn change) {
    TableDefinition table = change.before();
    ColumnDefinition c = change.column();
    List<String> notes = new ArrayList<>();
    String taken = takenBy(table, naming.column(table.id(), c.name()), c.name());
    if (taken != null) {
      return Rendering.refused("Doris column " + quote(naming.column(table.id(), c.name())) + " of added column "
          + c.name() + " is already the Doris column of " + table.id() + "." + taken, "change the name mapping of "
          + table.id().table() + "." + c.name() + ", then retry this statement");
    }
    if (c.key()) {
      return Rendering.refused("adding key column " + c.name() + " changes the key of " + table.id()
          + ", which a Doris UNIQUE KEY table cannot do", RECREATE);
    }
    ColumnSql def = columnSql(table, c, true, notes);
    if (def.refusal() != null) {
      return Rendering.refused(def.refusal(), "change the column's type in MySQL, then skip this statement");
    }
    String position = "";
    ColumnPosition p = change.position();
    boolean hasKey = !table.keyColumns().isEmpty();
    if (p.kind() == ColumnPosition.Kind.FIRST) {
      if (hasKey) {
        notes.add("column " + c.name() + " added at the end of " + table.id()
            + " instead of FIRST: Invalid column order. value should be after key");
      } else {
        position = " FIRST";
      }
    } else if (p.kind() == ColumnPosition.Kind.AFTER) {
      ColumnDefinition after = table.column(p.afterColumn()).orElse(null);
      List<String> keys = table.keyColumns();
      if (after == null) {
        notes.add("column " + c.name() + " added at the end: AFTER names unknown column " + p.afterColumn());
      } else if (after.key() && !keys.get(keys.size() - 1).equalsIgnoreCase(after.name())) {
        notes.add("column " + c.name() + " added at the end of " + table.id() + " instead of AFTER " + after.name()
            + ": Invalid column order. value should be after key");
      } else {
        position = " AFTER " + col(table, after.name());
      }
    }
    List<Backfill> backfills = new ArrayList<>();
    if (c.generatedExpression() != null) {
      String why = "generated column " + table.id() + "." + c.name() + " AS (" + c.generatedExpression() + ") is a "
          + "plain column in Doris: MySQL computed it for existing rows, Doris holds NULL there";
      notes.add(why);
      backfills.add(new Backfill(table.id(), List.of(c.name()), Backfill.Reason.GENERATED_COLUMN, why));
    } else if (def.dflt().differs() != null) {
      backfills.add(new Backfill(table.id(), List.of(c.name()), def.dflt().differs(), def.dflt().note()));
    }
    return Rendering.of(List.of(statement("ALTER TABLE " + target(table.id()) + " ADD COLUMN " + def.sql() + position,
        false, table.id())), notes, backfills);
  }

  @Override
  public Rendering visitDropColumn(SchemaChange.DropColumn change) {
    TableDefinition table = change.before();
    ColumnDefinition c = change.column();
    if (c.key()) {
      return Rendering.refused("Can not drop key column in Unique data model table (" + table.id() + "." + c.name()
          + ")", RECREATE);
    }
    return Rendering.of(List.of(statement("ALTER TABLE " + target(table.id()) + " DROP COLUMN " + col(table,
        c.name()), false, table.id())), List.of());
  }

  @Override
  public Rendering visitRenameColumn(SchemaChange.RenameColumn change) {
    TableDefinition table = change.before();
    ColumnDefinition c = change.column();
    String from = naming.column(table.id(), c.name());
    String to = naming.column(table.id(), change.newName());
    if (from.equalsIgnoreCase(to)) {
      return Rendering.nothing("rename of " + table.id() + "." + c.name() + " to " + change.newName()
          + (from.equals(to) && !c.name().equalsIgnoreCase(change.newName()) ? " keeps the mapped Doris name "
          + quote(to) : " changes only letter case; Doris column names ignore case (Doris: Same column name)"));
    }
    String taken = takenBy(table, to, c.name());
    if (taken != null) {
      return Rendering.refused("Doris column " + quote(to) + " of renamed column " + change.newName()
          + " is already the Doris column of " + table.id() + "." + taken, "change the name mapping of "
          + table.id().table() + "." + change.newName() + ", then retry this statement");
    }
    return Rendering.of(List.of(statement("ALTER TABLE " + target(table.id()) + " RENAME COLUMN " + quote(from)
        + " " + quote(to), false, table.id())), List.of());
  }

  /** The MySQL column of {@code table} other than {@code except} whose Doris name is {@code dorisName}, or null. */
  private String takenBy(TableDefinition table, String dorisName, String except) {
    for (ColumnDefinition o : table.columns()) {
      if (!o.name().equalsIgnoreCase(except)
          && options.targetColumn(table.id(), o.name()).equalsIgnoreCase(dorisName)) {
        return o.name();
      }
    }
    return null;
  }

  /** Why two columns of {@code table} would get one Doris name, or null. */
  private String duplicateDorisColumn(TableDefinition table) {
    for (ColumnDefinition c : table.columns()) {
      String taken = takenBy(table, options.targetColumn(table.id(), c.name()), c.name());
      if (taken != null) {
        return "columns " + c.name() + " and " + taken + " of " + table.id() + " both become Doris column "
            + quote(options.targetColumn(table.id(), c.name()));
      }
    }
    return null;
  }

  @Override
  public Rendering visitAlterColumnType(SchemaChange.AlterColumnType change) {
    TableDefinition table = change.before();
    ColumnDefinition oldC = change.oldColumn();
    ColumnDefinition newC = change.newColumn().withKey(oldC.key());
    DorisType from = dorisType(table, oldC);
    DorisType to = dorisType(table, newC);
    String where = table.id() + "." + newC.name();
    if (to == null) {
      return Rendering.refused("unsupported MySQL type " + newC.mysqlType() + " of column " + where,
          "change the column's type in MySQL, then skip this statement");
    }
    List<String> notes = new ArrayList<>();
    List<Backfill> backfills = new ArrayList<>();
    if (newC.generatedExpression() != null && !newC.generatedExpression().equals(oldC.generatedExpression())) {
      String why = "MySQL computed " + where + " AS (" + newC.generatedExpression() + ") for existing rows; Doris "
          + "keeps their old values (the expression is not carried)";
      notes.add(why);
      backfills.add(new Backfill(table.id(), List.of(newC.name()), Backfill.Reason.GENERATED_COLUMN, why));
    }
    if (from != null && from.equals(to)) {
      String was = charset(table, oldC);
      String is = charset(table, newC);
      if (!backfills.isEmpty()) {
        return Rendering.of(List.of(), notes, backfills);
      }
      if (!was.equals(is) && !newC.typeName().equals("ENUM") && !newC.typeName().equals("SET")) {
        notes.add(0, "change of " + where + " from " + oldC.mysqlType() + " " + was + " to " + newC.mysqlType() + " "
            + is + " keeps Doris type " + to.sql() + ", wide enough for every value: Doris VARCHAR lengths count "
            + TypeMapping.BYTES_PER_CHAR + " bytes per character in every charset");
      } else {
        notes.add(0, "change of " + where + " from " + oldC.mysqlType() + " to " + newC.mysqlType()
            + " keeps Doris type " + to.sql() + " (Doris: Nothing is changed. please check your alter stmt.)");
      }
      return Rendering.of(List.of(), notes, backfills);
    }
    if (oldC.key()) {
      return Rendering.refused("Can not modify distribution column[" + oldC.name() + "] (" + where + " from "
          + (from == null ? oldC.mysqlType() : from.sql()) + " to " + to.sql() + ")", RECREATE);
    }
    String why = modifyRefusal(from, to);
    if (why != null) {
      return Rendering.refused(why + " (" + where + " from " + (from == null ? oldC.mysqlType() : from.sql())
          + " to " + to.sql() + ")", RECREATE);
    }
    ColumnSql def = columnSql(table, newC, false, notes);
    if (def.refusal() != null) {
      return Rendering.refused(def.refusal(), RECREATE);
    }
    boolean heavy = !(from.name().equals("VARCHAR") && to.name().equals("VARCHAR"));
    return Rendering.of(List.of(statement("ALTER TABLE " + target(table.id()) + " MODIFY COLUMN " + def.sql(), heavy,
        table.id())), notes, backfills);
  }

  /** The charset of a character column of {@code table}: its own, its collation's, the table's or the default. */
  private String charset(TableDefinition table, ColumnDefinition c) {
    if (!TypeMapping.isCharacterType(c.typeName())) {
      return "";
    }
    if (c.charset() != null) {
      return c.charset();
    }
    if (c.collation() != null && c.collation().indexOf('_') > 0) {
      return c.collation().substring(0, c.collation().indexOf('_'));
    }
    return table.charset() != null ? table.charset() : options.defaultCharset();
  }

  /** Why Doris refuses changing a value column from {@code from} to {@code to}; null when allowed. */
  static String modifyRefusal(DorisType from, DorisType to) {
    if (from == null) {
      return "Can not change an unsupported type to " + to.sql();
    }
    String a = from.name();
    String b = to.name();
    if (b.equals("STRING")) {
      return a.startsWith("DATE") || a.equals("JSON") ? "Can not change " + from.sql() + " to STRING" : null;
    }
    if (a.equals("VARCHAR") && b.equals("VARCHAR")) {
      return to.length() >= from.length() ? null : "Shorten type length is prohibited";
    }
    if (a.equals("STRING") && b.equals("VARCHAR")) {
      return "Shorten type length is prohibited";
    }
    if (INTEGERS.contains(a) && INTEGERS.contains(b)) {
      return INTEGERS.indexOf(b) > INTEGERS.indexOf(a) ? null : "Shorten type length is prohibited";
    }
    if (a.equals("DATEV2") && b.equals("DATETIMEV2")) {
      return null;
    }
    // Doris ColumnType's schema-change matrix allows DATETIMEV2 to DATETIMEV2 of another precision; a lower
    // precision would cut fractions MySQL rounds, so only growth is applied
    if (a.equals("DATETIMEV2") && b.equals("DATETIMEV2")) {
      return to.length() >= from.length() ? null : "Shorten type length is prohibited";
    }
    // integers and DECIMAL to VARCHAR are in the matrix; Column.checkSchemaChangeAllowed refuses a VARCHAR
    // narrower than the number's text ("Can not change from wider type"), and the translator asks the same of DECIMAL
    if (b.equals("VARCHAR") && (INTEGERS.contains(a) || a.equals("DECIMAL"))) {
      int widest = a.equals("DECIMAL") ? from.length() + 2 : INTEGER_TEXT_WIDTH.get(INTEGERS.indexOf(a));
      return to.length() >= widest ? null
          : "Can not change from wider type " + from.sql() + " to narrower type " + to.sql();
    }
    if (a.equals("FLOAT") && b.equals("DOUBLE")) {
      return null;
    }
    if (a.equals("DOUBLE") && b.equals("FLOAT")) {
      return "Shorten type length is prohibited";
    }
    if (a.equals("DECIMAL") && b.equals("DECIMAL")) {
      if (to.scale() == from.scale() && to.length() >= from.length()) {
        return null;
      }
      if (to.length() < from.length() || to.scale() < from.scale()) {
        return "Shorten type length is prohibited";
      }
    }
    return "Can not change " + from.sql() + " to " + to.sql() + ": only VARCHAR lengthening, numeric widening, "
        + "DATETIME precision growth, DATE to DATETIME, numbers to VARCHAR and changes to STRING are applied";
  }

  @Override
  public Rendering visitNoOp(SchemaChange.NoOp change) {
    return Rendering.nothing(change.reason());
  }
}
