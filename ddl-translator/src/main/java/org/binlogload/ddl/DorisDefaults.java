package org.binlogload.ddl;

import java.util.Locale;
import java.util.Set;
import org.binlogload.ddl.TypeMapping.DorisType;

/** The Doris DEFAULT of a column, and for an added column whether Doris's existing rows end as MySQL's. */
final class DorisDefaults {

  /**
   * The DEFAULT value as Doris SQL (null for none); for an added column, why Doris's existing rows differ from
   * MySQL's (null when they match) and a note (null when there is nothing to say).
   */
  record Default(String sql, Backfill.Reason differs, String note) {
    static final Default NONE = new Default(null, null, null);
  }

  private static final Set<String> NUMERIC = Set.of("BOOLEAN", "TINYINT", "SMALLINT", "INT", "BIGINT", "LARGEINT",
      "FLOAT", "DOUBLE", "DECIMAL");
  /** Expression defaults that are today's date, without parentheses and spaces. */
  private static final Set<String> CURRENT_DATE = Set.of("CURRENT_DATE", "CURDATE");

  private DorisDefaults() {
  }

  /** The default of column {@code c} of {@code table} as Doris type {@code t}; {@code adding} for ADD COLUMN. */
  static Default of(TableId table, ColumnDefinition c, DorisType t, boolean adding) {
    String where = table + "." + c.name();
    Default lost = new Default(null, Backfill.Reason.DEFAULT_NOT_CARRIED, adding ? "default of " + where
        + " not carried to Doris " + t.sql() + "; existing rows get NULL there" : null);
    switch (c.defaultKind()) {
      case LITERAL -> {
        String v = c.defaultValue();
        // zero dates, also written as the integer 0 (TIMESTAMP NOT NULL DEFAULT 0): Doris rejects DEFAULT "0" on a
        // date column, which fails the whole CREATE TABLE. The connector loads a zero date as NULL, so Doris's
        // existing rows hold what a loaded row would: no backfill.
        if (t.name().startsWith("DATE") && (v.startsWith("0000") || v.matches("[0-9.]+"))) {
          return new Default(null, null, lost.note());
        }
        return literalOk(c, t, v) ? new Default(DorisRenderer.literal(v), null, null) : adding ? lost : Default.NONE;
      }
      case CURRENT_TIMESTAMP -> {
        return clock(where, t, adding, lost);
      }
      case EXPRESSION -> {
        boolean today = CURRENT_DATE.contains(c.defaultValue().replaceAll("[\\s()]", "").toUpperCase(Locale.ROOT));
        return today && t.name().equals("DATEV2") ? clock(where, t, adding, lost) : adding ? new Default(null,
            Backfill.Reason.DEFAULT_NOT_CARRIED, "expression default of " + where + " not carried to Doris; "
            + "existing rows get NULL there") : Default.NONE;
      }
      case NULL -> {
        return Default.NONE;
      }
      default -> {
        return adding && !c.nullable() ? implicit(where, c, t) : Default.NONE;
      }
    }
  }

  private static boolean literalOk(ColumnDefinition c, DorisType t, String v) {
    if (t.name().equals("STRING") || t.name().equals("JSON") || c.typeName().contains("BINARY")
        || c.typeName().contains("BLOB") || "binary".equals(c.charset())) {
      return false;
    }
    if (c.typeName().equals("BIT")) { // b'101' and 0x05 are read as their number
      return v.matches("[0-9]+") && (!t.name().equals("BOOLEAN") || v.equals("0") || v.equals("1"));
    }
    return true;
  }

  /** CURRENT_TIMESTAMP(p) on DATETIMEV2(p), CURRENT_DATE on DATEV2 (Doris apache/doris#32268); else not carried. */
  private static Default clock(String where, DorisType t, boolean adding, Default lost) {
    String sql = t.name().equals("DATETIMEV2") ? (t.length() <= 0 ? "CURRENT_TIMESTAMP"
        : "CURRENT_TIMESTAMP(" + t.length() + ")") : t.name().equals("DATEV2") ? "CURRENT_DATE" : null;
    if (sql == null) {
      return adding ? lost : Default.NONE;
    }
    return adding ? new Default(sql, Backfill.Reason.CLOCK_DEFAULT, "default " + sql + " of " + where + ": existing "
        + "rows get the time Doris runs the ALTER, MySQL's got the time MySQL ran it") : new Default(sql, null, null);
  }

  /** MySQL fills an added NOT NULL column without a default with the type's implicit default. */
  private static Default implicit(String where, ColumnDefinition c, DorisType t) {
    if (NUMERIC.contains(t.name())) {
      return new Default(DorisRenderer.literal("0"), null, null);
    }
    if (t.name().equals("VARCHAR") && !c.typeName().contains("BINARY") && !"binary".equals(c.charset())) {
      return new Default(DorisRenderer.literal(c.typeName().equals("ENUM") && !c.members().isEmpty()
          ? c.members().get(0) : ""), null, null);
    }
    if (t.name().startsWith("DATE")) { // MySQL's implicit default is the zero date, which the connector loads as NULL
      return new Default(null, null, "added NOT NULL column " + where + " gets MySQL's zero date in existing rows, "
          + "NULL in Doris as every zero date the connector loads");
    }
    return new Default(null, Backfill.Reason.DEFAULT_NOT_CARRIED, "added NOT NULL column " + where + " has no "
        + "default Doris accepts; existing rows get NULL there");
  }
}
