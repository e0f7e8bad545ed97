package org.binlogload.canal;

import java.util.Objects;

/** A column of a row change: its name and whether it belongs to the primary key. */
public final class ColumnInfo {
  private final String name;
  private final boolean key;

  private ColumnInfo(String name, boolean key) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.key = key;
  }

  /** A column named {@code name}, part of the primary key if {@code key}. */
  public static ColumnInfo of(String name, boolean key) {
    return new ColumnInfo(name, key);
  }

  public String name() {
    return name;
  }

  /** Whether the column is part of the primary key. */
  public boolean key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnInfo c && key == c.key && name.equals(c.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, key);
  }

  @Override
  public String toString() {
    return name + (key ? " key" : "");
  }
}
