package org.binlogload.canal;

import java.util.Objects;

/** A column of a row change: name, JDBC type, MySQL type text and whether it belongs to the primary key. */
public final class ColumnInfo {
  private final String name;
  private final int jdbcType;
  private final String mysqlType;
  private final boolean key;

  private ColumnInfo(String name, int jdbcType, String mysqlType, boolean key) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.jdbcType = jdbcType;
    this.mysqlType = Objects.requireNonNull(mysqlType, "mysqlType == null");
    this.key = key;
  }

  /** A column; {@code mysqlType} is the type as in {@code SHOW CREATE TABLE}, e.g. {@code bigint(20) unsigned}. */
  public static ColumnInfo of(String name, int jdbcType, String mysqlType, boolean key) {
    return new ColumnInfo(name, jdbcType, mysqlType, key);
  }

  public String name() {
    return name;
  }

  /** The {@link java.sql.Types} code. */
  public int jdbcType() {
    return jdbcType;
  }

  /** The MySQL column type, e.g. {@code varchar(20)} or {@code bigint(20) unsigned}. */
  public String mysqlType() {
    return mysqlType;
  }

  /** Whether the column is part of the primary key. */
  public boolean key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnInfo c && jdbcType == c.jdbcType && key == c.key && name.equals(c.name)
        && mysqlType.equals(c.mysqlType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, jdbcType, mysqlType, key);
  }

  @Override
  public String toString() {
    return name + " " + mysqlType + (key ? " key" : "");
  }
}
