package org.binlogload.it;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The contents of one table, MySQL's or Doris's, normalised so that equal data compare equal: column names in
 * order, and rows keyed by their primary key. Values are rendered as Doris prints them: binary types as upper-case
 * hex (the connector's encoding), BIT as its number, TIMESTAMP in UTC, numbers without trailing zeros, fractional
 * seconds without trailing zeros.
 */
public final class TableContents {
  private final String name;
  private final List<String> columns;
  private final TreeMap<String, List<String>> rows;
  private final List<String> keys;

  private TableContents(String name, List<String> columns, TreeMap<String, List<String>> rows, List<String> keys) {
    this.name = name;
    this.columns = List.copyOf(columns);
    this.rows = rows;
    this.keys = List.copyOf(keys);
  }

  /** The columns the rows are keyed by (MySQL's primary key; for Doris those asked for). */
  public List<String> keys() {
    return keys;
  }

  /** Reads {@code schema.table} from MySQL over {@code c} (its session time zone is set to UTC). */
  public static TableContents mysql(Connection c, String schema, String table) throws SQLException {
    List<String> cols = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, column_key FROM "
        + "information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          cols.add(rs.getString(1));
          types.add(rs.getString(2).toLowerCase(Locale.ROOT));
          if ("PRI".equals(rs.getString(3))) {
            keys.add(rs.getString(1));
          }
        }
      }
    }
    if (cols.isEmpty()) {
      throw new IllegalArgumentException("no table " + schema + "." + table + " in MySQL");
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < cols.size(); i++) {
      String q = "`" + cols.get(i).replace("`", "``") + "`";
      String t = types.get(i);
      String expr = switch (t) {
        case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point", "linestring",
            "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection" -> "HEX(" + q + ")";
        case "bit" -> "CAST(" + q + " AS UNSIGNED)";
        // the server's own rendering ("-02:51:14.283", fraction digits kept); Connector/J's getString differs
        case "time", "year" -> "CAST(" + q + " AS CHAR)"; // YEAR: Connector/J reads it as a date
        default -> q;
      };
      sql.append(i > 0 ? ", " : "").append(expr);
    }
    sql.append(" FROM `").append(schema.replace("`", "``")).append("`.`").append(table.replace("`", "``"))
        .append('`');
    List<Integer> keyIdx = keys.stream().map(cols::indexOf).toList();
    TreeMap<String, List<String>> rows = new TreeMap<>();
    try (Statement st = c.createStatement()) {
      st.execute("SET time_zone = '+00:00'");
      try (ResultSet rs = st.executeQuery(sql.toString())) {
        while (rs.next()) {
          List<String> row = new ArrayList<>(cols.size());
          for (int i = 0; i < cols.size(); i++) {
            row.add(normalize(rs.getString(i + 1)));
          }
          put(rows, keyIdx, row, schema + "." + table);
        }
      }
    }
    return new TableContents(schema + "." + table, cols, rows, keys);
  }

  /** Reads {@code db.table} from Doris; {@code keys} are the key columns (MySQL's primary key). */
  public static TableContents doris(DorisTarget target, String db, String table, List<String> keys) {
    List<String> cols = target.columns(db, table);
    if (cols.isEmpty()) {
      throw new IllegalArgumentException("no table " + db + "." + table + " in Doris");
    }
    List<Integer> keyIdx = keys.stream().map(cols::indexOf).toList();
    TreeMap<String, List<String>> rows = new TreeMap<>();
    for (List<String> r : target.rows(db, table, List.of())) {
      List<String> row = new ArrayList<>(r.size());
      r.forEach(v -> row.add(normalize(v)));
      put(rows, keyIdx, row, db + "." + table);
    }
    return new TableContents(db + "." + table, cols, rows, keys);
  }

  private static void put(TreeMap<String, List<String>> rows, List<Integer> keyIdx, List<String> row, String table) {
    String key;
    if (keyIdx.isEmpty() || keyIdx.contains(-1)) {
      key = String.join("\u0001", nullsShown(row));
    } else {
      List<String> k = new ArrayList<>();
      keyIdx.forEach(i -> k.add(String.valueOf(row.get(i))));
      key = String.join("\u0001", k);
    }
    if (rows.put(key, row) != null) {
      throw new AssertionError("duplicate key " + key.replace('\u0001', ',') + " in " + table);
    }
  }

  private static List<String> nullsShown(List<String> row) {
    List<String> out = new ArrayList<>();
    row.forEach(v -> out.add(v == null ? "\\N" : v));
    return out;
  }

  /** Renders a value as both sides should agree on it. */
  static String normalize(String v) {
    if (v == null) {
      return null;
    }
    if (v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
      try {
        BigDecimal d = new BigDecimal(v);
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
      } catch (NumberFormatException e) {
        return v;
      }
    }
    if (v.matches("\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?")) {
      String s = v.replace('T', ' ');
      if (s.length() == 16) {
        s = s + ":00";
      }
      if (s.contains(".")) {
        s = s.replaceAll("0+$", "");
        if (s.endsWith(".")) {
          s = s.substring(0, s.length() - 1);
        }
      }
      return s;
    }
    return v;
  }

  /** {@code schema.table} or {@code db.table}. */
  public String name() {
    return name;
  }

  /** Column names in order. */
  public List<String> columns() {
    return columns;
  }

  /** Rows by key, in key order. */
  public Map<String, List<String>> rows() {
    return java.util.Collections.unmodifiableMap(rows);
  }

  /** The number of rows. */
  public int size() {
    return rows.size();
  }

  /** A SHA-256 over the column names and the rows in key order; equal contents give equal checksums. */
  public String checksum() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(String.join("\t", columns).getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
      for (List<String> r : rows.values()) {
        for (String v : r) {
          md.update((v == null ? "\\N" : v.replace("\\", "\\\\").replace("\t", "\\t")).getBytes(StandardCharsets.UTF_8));
          md.update((byte) '\t');
        }
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether both hold the same columns and rows. */
  public boolean sameAs(TableContents other) {
    return columns.equals(other.columns) && rows.equals(other.rows);
  }

  /** A readable account of the first differences (at most {@code max}), or "equal". */
  public String diff(TableContents other, int max) {
    if (sameAs(other)) {
      return "equal";
    }
    StringBuilder sb = new StringBuilder();
    if (!columns.equals(other.columns)) {
      sb.append("columns differ: ").append(name).append(columns).append(" vs ").append(other.name)
          .append(other.columns).append('\n');
    }
    sb.append(name).append(": ").append(size()).append(" rows, ").append(other.name).append(": ")
        .append(other.size()).append(" rows\n");
    int n = 0;
    TreeMap<String, Boolean> keys = new TreeMap<>();
    rows.keySet().forEach(k -> keys.put(k, true));
    other.rows.keySet().forEach(k -> keys.put(k, true));
    for (String k : keys.keySet()) {
      List<String> a = rows.get(k);
      List<String> b = other.rows.get(k);
      if (!Objects.equals(a, b)) {
        sb.append("  key ").append(k.replace('\u0001', ',')).append(": ");
        if (a != null && b != null && a.size() == b.size() && a.size() == columns.size()) {
          for (int i = 0; i < a.size(); i++) { // a wide row: only its differing columns
            if (!Objects.equals(a.get(i), b.get(i))) {
              sb.append(columns.get(i)).append(' ').append(a.get(i)).append(" vs ").append(b.get(i)).append("; ");
            }
          }
        } else {
          sb.append(a == null ? "(missing)" : a).append(" vs ").append(b == null ? "(missing)" : b);
        }
        sb.append('\n');
        if (++n >= max) {
          sb.append("  ...\n");
          break;
        }
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return name + " (" + size() + " rows, sha256 " + checksum().substring(0, 16) + ")";
  }
}
