package org.binlogload.ddl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.binlogload.ddl.internal.CreateTableReader;

/**
 * One MySQL table: schema, name, ordered columns, primary key and unique keys.
 *
 * <p>The table's key is its primary key, else its first unique key whose columns are all NOT NULL; the columns of
 * that key carry {@link ColumnDefinition#key()}. Column names compare case-insensitively, as in MySQL.
 */
public final class TableDefinition {

  private final String schema;
  private final String name;
  private final List<ColumnDefinition> columns;
  private final List<String> primaryKey;
  private final Map<String, List<String>> uniqueKeys;
  private final List<String> key;
  private final String charset;
  private final String comment;
  private final Map<String, String> renamedFrom;

  private TableDefinition(Builder b) {
    this.schema = Objects.requireNonNull(b.schema, "schema == null");
    this.name = Objects.requireNonNull(b.name, "name == null");
    this.primaryKey = List.copyOf(b.primaryKey);
    this.uniqueKeys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.uniqueKeys));
    this.charset = b.charset == null ? null : b.charset.toLowerCase(Locale.ROOT);
    this.comment = b.comment;
    this.renamedFrom = Map.copyOf(b.renamedFrom);
    Map<String, ColumnDefinition> byName = new LinkedHashMap<>();
    for (ColumnDefinition c : b.columns) {
      if (byName.put(c.name().toLowerCase(Locale.ROOT), c) != null) {
        throw new IllegalArgumentException("duplicate column " + c.name() + " in " + schema + "." + name);
      }
    }
    List<String> chosen = chooseKey(byName);
    this.key = chosen;
    List<ColumnDefinition> placed = new ArrayList<>();
    int pos = 1;
    for (ColumnDefinition c : b.columns) {
      boolean isKey = chosen.stream().anyMatch(k -> k.equalsIgnoreCase(c.name()));
      ColumnDefinition.Builder cb = c.toBuilder().position(pos++).key(isKey);
      if (primaryKey.stream().anyMatch(k -> k.equalsIgnoreCase(c.name()))) {
        cb.nullable(false);
      }
      placed.add(cb.build());
    }
    this.columns = List.copyOf(placed);
  }

  private List<String> chooseKey(Map<String, ColumnDefinition> byName) {
    for (String k : primaryKey) {
      if (!byName.containsKey(k.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("primary key column " + k + " is not a column of " + schema + "." + name);
      }
    }
    if (!primaryKey.isEmpty()) {
      return canonical(primaryKey, byName);
    }
    for (List<String> unique : uniqueKeys.values()) {
      boolean allNotNull = !unique.isEmpty() && unique.stream().allMatch(k -> {
        ColumnDefinition c = byName.get(k.toLowerCase(Locale.ROOT));
        return c != null && !c.nullable();
      });
      if (allNotNull) {
        return canonical(unique, byName);
      }
    }
    return List.of();
  }

  private static List<String> canonical(List<String> names, Map<String, ColumnDefinition> byName) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      out.add(byName.get(n.toLowerCase(Locale.ROOT)).name());
    }
    return List.copyOf(out);
  }

  /** Reads a table from the text of {@code SHOW CREATE TABLE}; throws IllegalArgumentException if it is not one. */
  public static TableDefinition fromCreateTable(String schema, String createSql) {
    return CreateTableReader.read(schema, createSql);
  }

  /** A new builder. */
  public static Builder builder(String schema, String name) {
    return new Builder().schema(schema).name(name);
  }

  /** A builder holding this table's values. */
  public Builder toBuilder() {
    Builder b = new Builder().schema(schema).name(name).primaryKey(primaryKey).charset(charset).comment(comment);
    b.columns.addAll(columns);
    b.uniqueKeys.putAll(uniqueKeys);
    b.renamedFrom.putAll(renamedFrom);
    return b;
  }

  /** Schema (database) name. */
  public String schema() {
    return schema;
  }

  /** Table name. */
  public String name() {
    return name;
  }

  /** Schema and name. */
  public TableId id() {
    return TableId.of(schema, name);
  }

  /** Columns in table order. */
  public List<ColumnDefinition> columns() {
    return columns;
  }

  /** Primary key columns in key order; empty when there is none. */
  public List<String> primaryKey() {
    return primaryKey;
  }

  /** Unique keys by index name, in declaration order. */
  public Map<String, List<String>> uniqueKeys() {
    return uniqueKeys;
  }

  /** The key columns in key order: the primary key, else the first NOT NULL unique key, else empty. */
  public List<String> keyColumns() {
    return key;
  }

  /** Default character set of the table, or null when unknown. */
  public String charset() {
    return charset;
  }

  /** Table comment, or null. */
  public String comment() {
    return comment;
  }

  /**
   * For an online-schema-change shadow table: new column name to the column name it had in the original table,
   * for columns renamed in the shadow; empty otherwise.
   */
  public Map<String, String> renamedFrom() {
    return renamedFrom;
  }

  /** The column named {@code columnName}, compared case-insensitively. */
  public Optional<ColumnDefinition> column(String columnName) {
    for (ColumnDefinition c : columns) {
      if (c.name().equalsIgnoreCase(columnName)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Same table under another schema and name. */
  public TableDefinition withId(String newSchema, String newName) {
    return toBuilder().schema(newSchema).name(newName).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableDefinition t && schema.equals(t.schema) && name.equals(t.name)
        && columns.equals(t.columns) && primaryKey.equals(t.primaryKey) && uniqueKeys.equals(t.uniqueKeys)
        && Objects.equals(charset, t.charset) && Objects.equals(comment, t.comment)
        && renamedFrom.equals(t.renamedFrom);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schema, name, columns, primaryKey);
  }

  @Override
  public String toString() {
    return "TableDefinition{" + schema + "." + name + ", columns=" + columns + ", key=" + key + "}";
  }

  /** Builds a {@link TableDefinition}; positions and key flags of columns are set by {@link #build()}. */
  public static final class Builder {
    private String schema;
    private String name;
    private final List<ColumnDefinition> columns = new ArrayList<>();
    private List<String> primaryKey = List.of();
    private final Map<String, List<String>> uniqueKeys = new LinkedHashMap<>();
    private String charset;
    private String comment;
    private final Map<String, String> renamedFrom = new LinkedHashMap<>();

    private Builder() {
    }

    /** Sets the schema. */
    public Builder schema(String value) {
      this.schema = value;
      return this;
    }

    /** Sets the name. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** Appends a column. */
    public Builder addColumn(ColumnDefinition column) {
      this.columns.add(Objects.requireNonNull(column, "column == null"));
      return this;
    }

    /** Replaces all columns. */
    public Builder columns(List<ColumnDefinition> value) {
      this.columns.clear();
      this.columns.addAll(value);
      return this;
    }

    /** Sets the primary key columns (empty for none). */
    public Builder primaryKey(List<String> value) {
      this.primaryKey = List.copyOf(value);
      return this;
    }

    /** Adds a unique key. */
    public Builder uniqueKey(String indexName, List<String> value) {
      this.uniqueKeys.put(indexName, List.copyOf(value));
      return this;
    }

    /** Removes a unique key by name (case-insensitive); returns whether one was removed. */
    public boolean removeUniqueKey(String indexName) {
      return uniqueKeys.keySet().removeIf(k -> k.equalsIgnoreCase(indexName));
    }

    /** Current unique keys (mutable view for the translator). */
    public Map<String, List<String>> uniqueKeys() {
      return uniqueKeys;
    }

    /** Current columns (mutable view for the translator). */
    public List<ColumnDefinition> columns() {
      return columns;
    }

    /** Current primary key. */
    public List<String> primaryKey() {
      return primaryKey;
    }

    /** Sets the table's default character set. */
    public Builder charset(String value) {
      this.charset = value;
      return this;
    }

    /** Sets the table comment. */
    public Builder comment(String value) {
      this.comment = value;
      return this;
    }

    /** Records that shadow column {@code newName} was {@code originalName} in the original table. */
    public Builder renamedFrom(String newName, String originalName) {
      this.renamedFrom.put(newName, originalName);
      return this;
    }

    /** Replaces the renamed-from map. */
    public Builder renamedFrom(Map<String, String> value) {
      this.renamedFrom.clear();
      this.renamedFrom.putAll(value);
      return this;
    }

    /** Builds the table. */
    public TableDefinition build() {
      return new TableDefinition(this);
    }
  }
}
