package org.binlogload.connector.doris;

/** One column of {@code DESC table}. */
public final class DorisColumn {
  private final String name;
  private final String type;
  private final boolean nullable;
  private final boolean key;
  private final String defaultValue;
  private final String extra;

  DorisColumn(String name, String type, boolean nullable, boolean key, String defaultValue, String extra) {
    this.name = name;
    this.type = type;
    this.nullable = nullable;
    this.key = key;
    this.defaultValue = defaultValue;
    this.extra = extra;
  }

  /** The column name ({@code Field}). */
  public String name() {
    return name;
  }

  /** The Doris type as DESC prints it ({@code Type}), e.g. {@code varchar(96)}. */
  public String type() {
    return type;
  }

  /** Whether NULL is allowed ({@code Null = YES}). */
  public boolean nullable() {
    return nullable;
  }

  /** Whether it is a key column ({@code Key = true}). */
  public boolean key() {
    return key;
  }

  /** The default ({@code Default}), or null. */
  public String defaultValue() {
    return defaultValue;
  }

  /** {@code Extra}, e.g. the aggregation or {@code NONE}. */
  public String extra() {
    return extra;
  }

  @Override
  public String toString() {
    return name + " " + type + (key ? " KEY" : "") + (nullable ? " NULL" : " NOT NULL");
  }
}
