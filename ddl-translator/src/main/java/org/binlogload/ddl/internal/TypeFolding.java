package org.binlogload.ddl.internal;

import java.util.Map;

/** Folds MySQL type aliases into the names the type table uses. */
final class TypeFolding {

  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("INTEGER", "INT"), Map.entry("INT4", "INT"), Map.entry("INT1", "TINYINT"),
      Map.entry("INT2", "SMALLINT"), Map.entry("INT3", "MEDIUMINT"), Map.entry("MIDDLEINT", "MEDIUMINT"),
      Map.entry("INT8", "BIGINT"), Map.entry("NUMERIC", "DECIMAL"), Map.entry("DEC", "DECIMAL"),
      Map.entry("FIXED", "DECIMAL"), Map.entry("REAL", "DOUBLE"), Map.entry("DOUBLE PRECISION", "DOUBLE"),
      Map.entry("FLOAT8", "DOUBLE"), Map.entry("FLOAT4", "FLOAT"), Map.entry("CHARACTER", "CHAR"),
      Map.entry("CHARACTER VARYING", "VARCHAR"), Map.entry("VARCHARACTER", "VARCHAR"),
      Map.entry("CHAR VARYING", "VARCHAR"), Map.entry("LONG", "MEDIUMTEXT"),
      Map.entry("LONG VARCHAR", "MEDIUMTEXT"), Map.entry("LONG VARBINARY", "MEDIUMBLOB"),
      Map.entry("GEOMCOLLECTION", "GEOMETRYCOLLECTION"), Map.entry("NATIONAL CHARACTER", "NATIONAL CHAR"),
      Map.entry("NATIONAL CHARACTER VARYING", "NATIONAL VARCHAR"), Map.entry("NCHAR VARCHAR", "NATIONAL VARCHAR"),
      Map.entry("NATIONAL CHAR VARYING", "NATIONAL VARCHAR"));

  private TypeFolding() {
  }

  static String canonical(String upperType) {
    return ALIASES.getOrDefault(upperType, upperType);
  }

  static boolean isChar(String type) {
    return type.equals("CHAR") || type.equals("VARCHAR") || type.endsWith("TEXT");
  }
}
