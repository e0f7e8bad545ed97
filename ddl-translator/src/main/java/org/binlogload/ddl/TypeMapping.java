package org.binlogload.ddl;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The one MySQL-to-Doris type table: each row names MySQL types, the Doris type and the rule, and maps a column.
 *
 * <p>The README carries the same table; a test reads the README and compares it with {@link #ROWS}.
 */
public final class TypeMapping {

  /** Doris VARCHAR's largest length in bytes. */
  public static final int MAX_VARCHAR = 65533;

  /**
   * Doris VARCHAR bytes per MySQL character, whatever the charset: the most UTF-8 needs for one character. With one
   * factor for every charset, a charset change (utf8mb4 to latin1, CONVERT TO CHARACTER SET) never changes the Doris
   * type, so the Doris column stays what the MySQL definition maps to; a per-charset factor would make a narrowing
   * charset change either a refusal or leave Doris wider than later statements assume.
   */
  public static final int BYTES_PER_CHAR = 4;

  /** How BINARY, VARBINARY and BLOB values are written to Doris: upper-case hexadecimal, as MySQL's HEX(). */
  public static final String BINARY_ENCODING = "hex";

  /** A Doris type: base name and optional arguments ({@code -1} when absent). */
  public record DorisType(String name, int length, int scale) {
    /** A type without arguments. */
    public static DorisType of(String name) {
      return new DorisType(name, -1, -1);
    }

    /** A type with one argument. */
    public static DorisType of(String name, int length) {
      return new DorisType(name, length, -1);
    }

    /** A type with two arguments. */
    public static DorisType of(String name, int precision, int scale) {
      return new DorisType(name, precision, scale);
    }

    /** The type as Doris SQL, e.g. {@code VARCHAR(40)}. */
    public String sql() {
      if (length < 0) {
        return name;
      }
      return scale < 0 ? name + "(" + length + ")" : name + "(" + length + "," + scale + ")";
    }

    @Override
    public String toString() {
      return sql();
    }
  }

  /** What a mapping needs besides the column: options and the table's default charset (kept for renderers). */
  public record Context(boolean tinyInt1AsBoolean, String tableCharset, String defaultCharset) {
  }

  /** One row of the type table. */
  public record Row(String mysqlTypes, String dorisType, String rule, List<String> names,
                    BiFunction<ColumnDefinition, Context, DorisType> mapper) {
  }

  /** The type table, in README order. */
  public static final List<Row> ROWS = List.of(
      row("TINYINT(1), BOOL, BOOLEAN", "TINYINT", "BOOLEAN when the option tinyInt1AsBoolean is on (default off, "
          + "because TINYINT(1) holds -128..127); UNSIGNED → SMALLINT", List.of(),
          (c, x) -> c.unsigned() ? DorisType.of("SMALLINT")
              : DorisType.of(x.tinyInt1AsBoolean() ? "BOOLEAN" : "TINYINT")),
      row("TINYINT", "TINYINT", "UNSIGNED → SMALLINT", List.of("TINYINT", "INT1"),
          (c, x) -> DorisType.of(c.unsigned() ? "SMALLINT" : "TINYINT")),
      row("SMALLINT", "SMALLINT", "UNSIGNED → INT", List.of("SMALLINT", "INT2"),
          (c, x) -> DorisType.of(c.unsigned() ? "INT" : "SMALLINT")),
      row("MEDIUMINT", "INT", "UNSIGNED → INT too (at most 16777215)", List.of("MEDIUMINT", "MIDDLEINT", "INT3"),
          (c, x) -> DorisType.of("INT")),
      row("INT, INTEGER", "INT", "UNSIGNED → BIGINT", List.of("INT", "INTEGER", "INT4"),
          (c, x) -> DorisType.of(c.unsigned() ? "BIGINT" : "INT")),
      row("BIGINT", "BIGINT", "UNSIGNED → LARGEINT", List.of("BIGINT", "INT8"),
          (c, x) -> DorisType.of(c.unsigned() ? "LARGEINT" : "BIGINT")),
      row("SERIAL", "LARGEINT", "alias of BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE", List.of("SERIAL"),
          (c, x) -> DorisType.of("LARGEINT")),
      row("DECIMAL(p,s), NUMERIC, DEC, FIXED", "DECIMAL(p,s)", "p > 38 → STRING; no (p,s) means (10,0)",
          List.of("DECIMAL", "NUMERIC", "DEC", "FIXED"), TypeMapping::decimal),
      row("FLOAT", "FLOAT", "FLOAT(p) with p > 24 → DOUBLE", List.of("FLOAT", "FLOAT4"),
          (c, x) -> DorisType.of(c.precision() != null && c.scale() == null && c.precision() > 24 ? "DOUBLE" : "FLOAT")),
      row("DOUBLE, REAL, DOUBLE PRECISION", "DOUBLE", "", List.of("DOUBLE", "REAL", "FLOAT8", "DOUBLE PRECISION"),
          (c, x) -> DorisType.of("DOUBLE")),
      row("BIT(1)", "BOOLEAN", "", List.of(), (c, x) -> DorisType.of("BOOLEAN")),
      row("BIT(n)", "BIGINT", "n = 64 → LARGEINT (BIT(64) exceeds BIGINT)", List.of("BIT"),
          (c, x) -> c.length() == null || c.length() <= 1 ? DorisType.of("BOOLEAN")
              : DorisType.of(c.length() >= 64 ? "LARGEINT" : "BIGINT")),
      row("DATE", "DATEV2", "", List.of("DATE"), (c, x) -> DorisType.of("DATEV2")),
      row("DATETIME(p)", "DATETIMEV2(p)", "fractional-second precision p (0..6) kept", List.of("DATETIME"),
          (c, x) -> DorisType.of("DATETIMEV2", fsp(c))),
      row("TIMESTAMP(p)", "DATETIMEV2(p)", "no zone conversion here: the connector writes the wall-clock time a "
          + "client sees under the source server's time_zone",
          List.of("TIMESTAMP"), (c, x) -> DorisType.of("DATETIMEV2", fsp(c))),
      row("TIME(p)", "STRING", "Doris refuses TIME in OLAP tables; as a key VARCHAR(17) ('-838:59:59.000000')",
          List.of("TIME"), (c, x) -> c.key() ? DorisType.of("VARCHAR", 17) : DorisType.of("STRING")),
      row("YEAR", "SMALLINT", "", List.of("YEAR"), (c, x) -> DorisType.of("SMALLINT")),
      row("CHAR(n)", "VARCHAR(4n)", "4 bytes per character in every charset (the most UTF-8 needs), so a charset "
          + "change keeps the Doris type; VARCHAR because Doris CHAR pads and MySQL strips trailing spaces",
          List.of("CHAR", "CHARACTER", "NCHAR"), TypeMapping::varchar),
      row("VARCHAR(n)", "VARCHAR(4n)", "n > 16383 (over 65533 bytes) → STRING; as a key VARCHAR(keyVarcharMax)",
          List.of("VARCHAR", "VARCHARACTER", "NVARCHAR", "CHARACTER VARYING"), TypeMapping::varchar),
      row("TINYTEXT, TEXT, MEDIUMTEXT, LONGTEXT, LONG", "STRING", "as a key VARCHAR(keyVarcharMax)",
          List.of("TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "LONG", "LONG VARCHAR"), TypeMapping::text),
      row("ENUM", "VARCHAR(m)", "m = UTF-8 bytes of the longest member", List.of("ENUM"),
          (c, x) -> DorisType.of("VARCHAR", Math.max(1, c.members().stream().mapToInt(TypeMapping::utf8).max()
              .orElse(1)))),
      row("SET", "VARCHAR(m)", "m = UTF-8 bytes of all members joined with commas", List.of("SET"),
          (c, x) -> DorisType.of("VARCHAR", Math.max(1, Math.min(MAX_VARCHAR, utf8(String.join(",", c.members())))))),
      row("JSON", "JSON", "", List.of("JSON"), (c, x) -> DorisType.of("JSON")),
      row("BINARY(n), VARBINARY(n)", "VARCHAR(2n)", "upper-case hex of the bytes; over 65533 → STRING",
          List.of("BINARY", "VARBINARY"), (c, x) -> hexLength(c.length() == null ? 1 : c.length())),
      row("TINYBLOB, BLOB, MEDIUMBLOB, LONGBLOB", "STRING", "upper-case hex of the bytes",
          List.of("TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "LONG VARBINARY"), TypeMapping::text),
      row("GEOMETRY, POINT, LINESTRING, POLYGON, MULTI*, GEOMETRYCOLLECTION", "STRING", "WKT text",
          List.of("GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON",
              "GEOMETRYCOLLECTION", "GEOMCOLLECTION"), TypeMapping::text),
      row("INET4", "VARCHAR(15)", "MariaDB", List.of("INET4"), (c, x) -> DorisType.of("VARCHAR", 15)),
      row("INET6", "VARCHAR(45)", "MariaDB", List.of("INET6"), (c, x) -> DorisType.of("VARCHAR", 45)),
      row("UUID", "VARCHAR(36)", "MariaDB", List.of("UUID"), (c, x) -> DorisType.of("VARCHAR", 36)),
      row("VECTOR(n)", "STRING", "MariaDB 11.7, MySQL 9: the vector as text", List.of("VECTOR"),
          TypeMapping::text));

  private TypeMapping() {
  }

  private static Row row(String mysqlTypes, String dorisType, String rule, List<String> names,
                         BiFunction<ColumnDefinition, Context, DorisType> mapper) {
    return new Row(mysqlTypes, dorisType, rule, names, mapper);
  }

  /** The row that maps {@code column}, or empty when the MySQL type is unknown. */
  public static Optional<Row> rowFor(ColumnDefinition column) {
    String t = column.typeName();
    if ((t.equals("TINYINT") && Integer.valueOf(1).equals(column.length())) || t.equals("BOOL")
        || t.equals("BOOLEAN")) {
      return Optional.of(ROWS.get(0));
    }
    if (t.equals("BIT") && (column.length() == null || column.length() <= 1)) {
      return Optional.of(ROWS.get(10));
    }
    if (isBinaryCharset(column) && isCharacterType(t)) {
      return ROWS.stream().filter(r -> r.names().contains(t.contains("TEXT") ? "BLOB" : "BINARY")).findFirst();
    }
    for (Row r : ROWS) {
      if (r.names().contains(t)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The Doris type of {@code column} as a value column, or empty when the MySQL type is unknown. */
  public static Optional<DorisType> map(ColumnDefinition column, Context context) {
    return rowFor(column).map(r -> r.mapper().apply(column, context));
  }

  /** Whether the base type is a character type (CHAR, VARCHAR, TEXT family, ENUM, SET). */
  public static boolean isCharacterType(String typeName) {
    return switch (typeName) {
      case "CHAR", "CHARACTER", "NCHAR", "VARCHAR", "VARCHARACTER", "NVARCHAR", "CHARACTER VARYING", "TINYTEXT",
          "TEXT", "MEDIUMTEXT", "LONGTEXT", "LONG", "LONG VARCHAR", "ENUM", "SET" -> true;
      default -> false;
    };
  }

  private static boolean isBinaryCharset(ColumnDefinition c) {
    return "binary".equals(c.charset());
  }

  private static DorisType varchar(ColumnDefinition c, Context x) {
    long n = c.length() == null ? 1 : c.length();
    long bytes = Math.max(1, n * BYTES_PER_CHAR);
    return bytes > MAX_VARCHAR ? DorisType.of("STRING") : DorisType.of("VARCHAR", (int) bytes);
  }

  private static DorisType text(ColumnDefinition c, Context x) {
    return DorisType.of("STRING");
  }

  private static DorisType hexLength(long n) {
    long len = Math.max(1, 2 * n);
    return len > MAX_VARCHAR ? DorisType.of("STRING") : DorisType.of("VARCHAR", (int) len);
  }

  private static DorisType decimal(ColumnDefinition c, Context x) {
    int p = c.precision() == null ? 10 : c.precision();
    int s = c.scale() == null ? 0 : c.scale();
    if (p > 38) {
      return DorisType.of("STRING");
    }
    return DorisType.of("DECIMAL", Math.max(p, 1), Math.min(s, p));
  }

  private static int fsp(ColumnDefinition c) {
    return c.precision() == null ? 0 : Math.max(0, Math.min(6, c.precision()));
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
