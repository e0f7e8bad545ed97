package org.binlogload.ddl;

import java.util.List;
import org.binlogload.ddl.TypeMapping.DorisType;

/** Which type changes of a value column Doris's schema change allows, after its ColumnType change matrix. */
final class DorisTypeChangeRules {

  private static final List<String> INTEGERS = List.of("TINYINT", "SMALLINT", "INT", "BIGINT", "LARGEINT");
  /** Characters of the longest value of each of {@link #INTEGERS} as text, sign included. */
  private static final List<Integer> INTEGER_TEXT_WIDTH = List.of(4, 6, 11, 20, 40);

  private DorisTypeChangeRules() {
  }

  /** Why Doris refuses changing a value column from {@code from} to {@code to}; null when allowed. */
  static String refusal(DorisType from, DorisType to) {
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
}
