package org.binlogload.ddl;

import java.util.Optional;

/** The Doris names of MySQL databases, tables and columns under the options, each checked with {@link DorisNames}. */
final class DorisNaming {

  /** A name Doris would reject: the reason and the way through, as a refusal gives them. */
  static final class Rejected extends RuntimeException {
    final String reason;
    final String remedy;

    Rejected(String reason, String remedy) {
      super(reason, null, false, false);
      this.reason = reason;
      this.remedy = remedy;
    }
  }

  private final TranslatorOptions options;
  private final DorisNames rules;

  DorisNaming(TranslatorOptions options) {
    this.options = options;
    this.rules = DorisNames.of(options.unicodeNames());
  }

  /** The Doris database and table of MySQL table {@code table}, both checked. */
  TableId table(TableId table) {
    TableId t = options.target(table);
    check(rules.databaseProblem(t.schema()), "database", t.schema(), DorisNames.of(true).databaseProblem(t.schema()),
        "of MySQL schema " + table.schema(), "map the schema to a valid Doris database name with the targetDatabase "
        + "option");
    String remedy = options.nameMapping().mapsTable(table.table())
        ? "correct the name mapping of table " + table.table()
        : "map it to a valid Doris name with " + options.optionHints().mapTable(table.table());
    check(rules.tableProblem(t.table()), "table", t.table(), DorisNames.of(true).tableProblem(t.table()),
        (options.nameMapping().mapsTable(table.table()) ? "that the name mapping gives " : "of ") + table, remedy);
    return t;
  }

  /** The Doris name of column {@code column} of MySQL table {@code table}, checked. */
  String column(TableId table, String column) {
    String d = options.targetColumn(table, column);
    boolean mapped = !d.equals(column);
    String remedy = mapped ? "correct the name mapping of column " + table.table() + "." + column
        : "map it to a valid Doris name with " + options.optionHints().mapColumn(table.table(), column);
    check(rules.columnProblem(d), "column", d, DorisNames.of(true).columnProblem(d),
        (mapped ? "that the name mapping gives " : "of ") + table + "." + column, remedy);
    return d;
  }

  /** Checks the visible sequence column's name. */
  void sequenceColumn(String name) {
    check(rules.columnProblem(name), "column", name, DorisNames.of(true).columnProblem(name),
        "of the configured sequence column", "configure another sequenceColumn");
  }

  /** The MySQL column of {@code table} other than {@code except} whose Doris name is {@code dorisName}, or null. */
  String takenBy(TableDefinition table, String dorisName, String except) {
    for (ColumnDefinition o : table.columns()) {
      if (!o.name().equalsIgnoreCase(except)
          && options.targetColumn(table.id(), o.name()).equalsIgnoreCase(dorisName)) {
        return o.name();
      }
    }
    return null;
  }

  /** Why two columns of {@code table} would get one Doris name, or null. */
  String duplicateColumn(TableDefinition table) {
    for (ColumnDefinition c : table.columns()) {
      String taken = takenBy(table, options.targetColumn(table.id(), c.name()), c.name());
      if (taken != null) {
        return "columns " + c.name() + " and " + taken + " of " + table.id() + " both become Doris column "
            + DorisRenderer.quote(options.targetColumn(table.id(), c.name()));
      }
    }
    return null;
  }

  private void check(Optional<String> problem, String kind, String name, Optional<String> unicodeProblem,
                     String whose, String remedy) {
    if (problem.isEmpty()) {
      return;
    }
    String unicodeHint = !rules.unicode() && unicodeProblem.isEmpty() ? ", or, if the Doris cluster runs with "
        + "enable_unicode_name_support = true, say so with " + options.optionHints().unicodeNames() : "";
    throw new Rejected("Doris rejects the " + kind + " name " + DorisRenderer.quote(name) + " " + whose + ": "
        + problem.get(), remedy + unicodeHint + ", then retry this statement");
  }
}
