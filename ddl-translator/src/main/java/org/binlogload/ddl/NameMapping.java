package org.binlogload.ddl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Doris names for MySQL tables and columns whose own names Doris rejects (or that the user renames); immutable,
 * built with {@link #builder()}. Unmapped names map to themselves.
 *
 * <p>The translator applies it to every name it emits and the connector to every row it loads, so both name the
 * same Doris table and columns. Tables are matched exactly as the source names them (in lower case when the
 * source's {@code lower_case_table_names} is 1 or 2), in every schema of the job; columns are matched ignoring
 * case, as MySQL does. A mapping follows the current MySQL name: after {@code RENAME TABLE a TO b} the entries of
 * {@code a} no longer apply to {@code b}.
 */
public final class NameMapping {

  private static final NameMapping NONE = new NameMapping(new Builder());

  private final Map<String, String> tables;
  private final Map<String, Map<String, String>> columns;

  private NameMapping(Builder b) {
    this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(b.tables));
    Map<String, Map<String, String>> c = new LinkedHashMap<>();
    b.columns.forEach((t, m) -> c.put(t, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
    this.columns = Collections.unmodifiableMap(c);
  }

  /** The empty mapping: every name maps to itself. */
  public static NameMapping none() {
    return NONE;
  }

  /** A builder of a mapping. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this mapping's entries. */
  public Builder toBuilder() {
    Builder b = new Builder();
    tables.forEach(b::table);
    columns.forEach((t, m) -> m.forEach((c, d) -> b.column(t, c, d)));
    return b;
  }

  /** The Doris table of MySQL table {@code sourceTable}: its mapped name, else {@code sourceTable} itself. */
  public String dorisTable(String sourceTable) {
    return tables.getOrDefault(sourceTable, sourceTable);
  }

  /** Whether {@code sourceTable} has a mapped Doris name. */
  public boolean mapsTable(String sourceTable) {
    return tables.containsKey(sourceTable);
  }

  /** The Doris column of {@code sourceColumn} in MySQL table {@code sourceTable}: its mapped name, else itself. */
  public String dorisColumn(String sourceTable, String sourceColumn) {
    Map<String, String> m = columns.get(sourceTable);
    return m == null ? sourceColumn : m.getOrDefault(sourceColumn.toLowerCase(Locale.ROOT), sourceColumn);
  }

  /** Source table -> Doris table entries, in the order added. */
  public Map<String, String> tables() {
    return tables;
  }

  /** Source table -> (lower-case source column -> Doris column) entries, in the order added. */
  public Map<String, Map<String, String>> columns() {
    return columns;
  }

  /** Whether nothing is mapped. */
  public boolean isEmpty() {
    return tables.isEmpty() && columns.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NameMapping m && tables.equals(m.tables) && columns.equals(m.columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tables, columns);
  }

  @Override
  public String toString() {
    return "NameMapping" + tables + columns;
  }

  /** Builds a {@link NameMapping}; each entry is checked as it is added. */
  public static final class Builder {
    private final Map<String, String> tables = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> columns = new LinkedHashMap<>();

    private Builder() {
    }

    /** Maps MySQL table {@code sourceTable} to Doris table {@code dorisTable}. */
    public Builder table(String sourceTable, String dorisTable) {
      String s = nonEmpty(sourceTable, "sourceTable");
      String d = nonEmpty(dorisTable, "dorisTable");
      String before = tables.get(s);
      if (before != null && !before.equals(d)) {
        throw new IllegalArgumentException("table " + s + " is mapped twice: to " + before + " and to " + d);
      }
      tables.forEach((k, v) -> {
        if (!k.equals(s) && v.equals(d)) {
          throw new IllegalArgumentException("tables " + k + " and " + s + " both map to Doris table " + d);
        }
      });
      tables.put(s, d);
      return this;
    }

    /** Maps column {@code sourceColumn} of MySQL table {@code sourceTable} to Doris column {@code dorisColumn}. */
    public Builder column(String sourceTable, String sourceColumn, String dorisColumn) {
      String t = nonEmpty(sourceTable, "sourceTable");
      String s = nonEmpty(sourceColumn, "sourceColumn").toLowerCase(Locale.ROOT);
      String d = nonEmpty(dorisColumn, "dorisColumn");
      Map<String, String> m = columns.computeIfAbsent(t, x -> new LinkedHashMap<>());
      String before = m.get(s);
      if (before != null && !before.equals(d)) {
        throw new IllegalArgumentException("column " + t + "." + sourceColumn + " is mapped twice: to " + before
            + " and to " + d);
      }
      m.forEach((k, v) -> {
        if (!k.equals(s) && v.equalsIgnoreCase(d)) {
          throw new IllegalArgumentException("columns " + t + "." + k + " and " + t + "." + sourceColumn
              + " both map to Doris column " + d);
        }
      });
      m.put(s, d);
      return this;
    }

    /** Builds the mapping. */
    public NameMapping build() {
      return new NameMapping(this);
    }

    private static String nonEmpty(String s, String what) {
      if (s == null || s.isEmpty()) {
        throw new IllegalArgumentException(what + " is empty");
      }
      return s;
    }
  }
}
