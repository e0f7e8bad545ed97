package org.binlogload.ddl;

/** The Doris names and statements every rendered change is made of, under one renderer's options. */
final class DorisSql {

  private final TranslatorOptions options;
  private final DorisNaming naming;

  DorisSql(TranslatorOptions options) {
    this.options = options;
    this.naming = new DorisNaming(options);
  }

  TranslatorOptions options() {
    return options;
  }

  DorisNaming naming() {
    return naming;
  }

  /** The quoted Doris database and table of MySQL table {@code table}. */
  String target(TableId table) {
    TableId t = naming.table(table);
    return DorisRenderer.quote(t.schema()) + "." + DorisRenderer.quote(t.table());
  }

  /** The quoted Doris name of column {@code column} of {@code table}. */
  String col(TableDefinition table, String column) {
    return DorisRenderer.quote(naming.column(table.id(), column));
  }

  /** A Doris statement on the Doris table of MySQL table {@code table}. */
  DorisStatement statement(String sql, boolean heavy, TableId table) {
    TableId t = options.target(table);
    return new DorisStatement(sql, heavy, table, t.schema(), t.table());
  }
}
