package org.binlogload.ddl;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One MySQL column: name, type with length, precision and scale, unsigned, charset, nullability, default,
 * comment, position and whether it belongs to the table's key.
 *
 * <p>{@code length} is the declared length of CHAR, VARCHAR, BINARY, VARBINARY and BIT (and the display width
 * of integers); {@code precision} and {@code scale} belong to DECIMAL and FLOAT/DOUBLE, and {@code precision}
 * also holds the fractional-seconds precision of TIME, DATETIME and TIMESTAMP.
 */
public final class ColumnDefinition {

  /** What kind of default a column has. */
  public enum DefaultKind { NONE, NULL, LITERAL, CURRENT_TIMESTAMP, EXPRESSION }

  private final String name;
  private final String typeName;
  private final Integer length;
  private final Integer precision;
  private final Integer scale;
  private final boolean unsigned;
  private final boolean zerofill;
  private final String charset;
  private final String collation;
  private final boolean nullable;
  private final DefaultKind defaultKind;
  private final String defaultValue;
  private final String comment;
  private final int position;
  private final boolean key;
  private final List<String> members;
  private final boolean autoIncrement;
  private final String generatedExpression;

  private ColumnDefinition(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name == null");
    this.typeName = Objects.requireNonNull(b.typeName, "typeName == null").toUpperCase(Locale.ROOT);
    if (b.position < 0) {
      throw new IllegalArgumentException("position < 0");
    }
    this.length = b.length;
    this.precision = b.precision;
    this.scale = b.scale;
    this.unsigned = b.unsigned;
    this.zerofill = b.zerofill;
    this.charset = b.charset == null ? null : b.charset.toLowerCase(Locale.ROOT);
    this.collation = b.collation == null ? null : b.collation.toLowerCase(Locale.ROOT);
    this.nullable = b.nullable;
    this.defaultKind = Objects.requireNonNull(b.defaultKind, "defaultKind == null");
    this.defaultValue = b.defaultValue;
    this.comment = b.comment;
    this.position = b.position;
    this.key = b.key;
    this.members = List.copyOf(b.members);
    this.autoIncrement = b.autoIncrement;
    this.generatedExpression = b.generatedExpression;
  }

  /** A new builder. */
  public static Builder builder(String name, String typeName) {
    return new Builder().name(name).typeName(typeName);
  }

  /** A builder holding this column's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.typeName = typeName;
    b.length = length;
    b.precision = precision;
    b.scale = scale;
    b.unsigned = unsigned;
    b.zerofill = zerofill;
    b.charset = charset;
    b.collation = collation;
    b.nullable = nullable;
    b.defaultKind = defaultKind;
    b.defaultValue = defaultValue;
    b.comment = comment;
    b.position = position;
    b.key = key;
    b.members = members;
    b.autoIncrement = autoIncrement;
    b.generatedExpression = generatedExpression;
    return b;
  }

  /** Column name as declared. */
  public String name() {
    return name;
  }

  /** Upper-case base type name, e.g. {@code VARCHAR}, {@code INT}, {@code ENUM}. */
  public String typeName() {
    return typeName;
  }

  /** Declared length (CHAR, VARCHAR, BINARY, VARBINARY, BIT, integer display width), or null. */
  public Integer length() {
    return length;
  }

  /** DECIMAL/FLOAT precision, or the fractional-seconds precision of TIME/DATETIME/TIMESTAMP, or null. */
  public Integer precision() {
    return precision;
  }

  /** DECIMAL/FLOAT scale, or null. */
  public Integer scale() {
    return scale;
  }

  /** Whether the numeric type is UNSIGNED. */
  public boolean unsigned() {
    return unsigned;
  }

  /** Whether the numeric type is ZEROFILL. */
  public boolean zerofill() {
    return zerofill;
  }

  /** Lower-case character set declared on the column, or null (table default applies). */
  public String charset() {
    return charset;
  }

  /** Lower-case collation declared on the column, or null. */
  public String collation() {
    return collation;
  }

  /** Whether NULL is allowed. */
  public boolean nullable() {
    return nullable;
  }

  /** The kind of default. */
  public DefaultKind defaultKind() {
    return defaultKind;
  }

  /** The default: the unquoted literal for LITERAL, the expression text for EXPRESSION, else null. */
  public String defaultValue() {
    return defaultValue;
  }

  /** Column comment, or null. */
  public String comment() {
    return comment;
  }

  /** 1-based ordinal position in the table (0 when not yet placed). */
  public int position() {
    return position;
  }

  /** Whether the column belongs to the table's key (primary key, else first NOT NULL unique key). */
  public boolean key() {
    return key;
  }

  /** ENUM or SET members in declaration order; empty for other types. */
  public List<String> members() {
    return members;
  }

  /** Whether the column is AUTO_INCREMENT. */
  public boolean autoIncrement() {
    return autoIncrement;
  }

  /** The expression of a generated column, or null. */
  public String generatedExpression() {
    return generatedExpression;
  }

  /** The MySQL type as SHOW CREATE TABLE would print it, e.g. {@code varchar(20)}, {@code int unsigned}. */
  public String mysqlType() {
    StringBuilder sb = new StringBuilder(typeName.toLowerCase(Locale.ROOT));
    if (!members.isEmpty()) {
      sb.append('(');
      for (int i = 0; i < members.size(); i++) {
        sb.append(i == 0 ? "" : ",").append('\'').append(members.get(i).replace("'", "''")).append('\'');
      }
      sb.append(')');
    } else if (length != null) {
      sb.append('(').append(length).append(')');
    } else if (precision != null) {
      sb.append('(').append(precision);
      if (scale != null) {
        sb.append(',').append(scale);
      }
      sb.append(')');
    }
    if (unsigned) {
      sb.append(" unsigned");
    }
    if (zerofill) {
      sb.append(" zerofill");
    }
    return sb.toString();
  }

  /** Same column with another name. */
  public ColumnDefinition withName(String newName) {
    return toBuilder().name(newName).build();
  }

  /** Same column with another position. */
  public ColumnDefinition withPosition(int newPosition) {
    return toBuilder().position(newPosition).build();
  }

  /** Same column with another key flag. */
  public ColumnDefinition withKey(boolean newKey) {
    return toBuilder().key(newKey).build();
  }

  /** Whether {@code other} has the same type, charset, nullability, default and comment (name and position ignored). */
  public boolean sameDefinition(ColumnDefinition other) {
    return typeName.equals(other.typeName) && Objects.equals(length, other.length)
        && Objects.equals(precision, other.precision) && Objects.equals(scale, other.scale)
        && unsigned == other.unsigned && Objects.equals(charset, other.charset) && nullable == other.nullable
        && defaultKind == other.defaultKind && Objects.equals(defaultValue, other.defaultValue)
        && Objects.equals(comment, other.comment) && members.equals(other.members);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ColumnDefinition c)) {
      return false;
    }
    return sameDefinition(c) && name.equals(c.name) && position == c.position && key == c.key
        && zerofill == c.zerofill && Objects.equals(collation, c.collation) && autoIncrement == c.autoIncrement
        && Objects.equals(generatedExpression, c.generatedExpression);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, typeName, length, precision, scale, unsigned, charset, nullable, position, key);
  }

  @Override
  public String toString() {
    return "`" + name + "` " + mysqlType() + (charset != null ? " charset " + charset : "")
        + (nullable ? " null" : " not null")
        + (defaultKind == DefaultKind.NONE ? "" : " default " + (defaultKind == DefaultKind.LITERAL
            ? "'" + defaultValue + "'" : defaultKind == DefaultKind.NULL ? "null" : defaultKind
            == DefaultKind.CURRENT_TIMESTAMP ? "current_timestamp" : "(" + defaultValue + ")"))
        + (key ? " key" : "") + " #" + position;
  }

  /** Builds a {@link ColumnDefinition}. */
  public static final class Builder {
    private String name;
    private String typeName;
    private Integer length;
    private Integer precision;
    private Integer scale;
    private boolean unsigned;
    private boolean zerofill;
    private String charset;
    private String collation;
    private boolean nullable = true;
    private DefaultKind defaultKind = DefaultKind.NONE;
    private String defaultValue;
    private String comment;
    private int position;
    private boolean key;
    private List<String> members = List.of();
    private boolean autoIncrement;
    private String generatedExpression;

    private Builder() {
    }

    /** Sets the name. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** Sets the base type name. */
    public Builder typeName(String value) {
      this.typeName = value;
      return this;
    }

    /** Sets the length. */
    public Builder length(Integer value) {
      this.length = value;
      return this;
    }

    /** Sets the precision (or fractional-seconds precision). */
    public Builder precision(Integer value) {
      this.precision = value;
      return this;
    }

    /** Sets the scale. */
    public Builder scale(Integer value) {
      this.scale = value;
      return this;
    }

    /** Sets UNSIGNED. */
    public Builder unsigned(boolean value) {
      this.unsigned = value;
      return this;
    }

    /** Sets ZEROFILL. */
    public Builder zerofill(boolean value) {
      this.zerofill = value;
      return this;
    }

    /** Sets the character set. */
    public Builder charset(String value) {
      this.charset = value;
      return this;
    }

    /** Sets the collation. */
    public Builder collation(String value) {
      this.collation = value;
      return this;
    }

    /** Sets nullability. */
    public Builder nullable(boolean value) {
      this.nullable = value;
      return this;
    }

    /** Sets the default. */
    public Builder defaultValue(DefaultKind kind, String value) {
      this.defaultKind = kind;
      this.defaultValue = value;
      return this;
    }

    /** Sets the comment. */
    public Builder comment(String value) {
      this.comment = value;
      return this;
    }

    /** Sets the 1-based position. */
    public Builder position(int value) {
      this.position = value;
      return this;
    }

    /** Sets the key flag. */
    public Builder key(boolean value) {
      this.key = value;
      return this;
    }

    /** Sets ENUM/SET members. */
    public Builder members(List<String> value) {
      this.members = value;
      return this;
    }

    /** Sets AUTO_INCREMENT. */
    public Builder autoIncrement(boolean value) {
      this.autoIncrement = value;
      return this;
    }

    /** Sets the generated-column expression. */
    public Builder generatedExpression(String value) {
      this.generatedExpression = value;
      return this;
    }

    /** Builds the column. */
    public ColumnDefinition build() {
      return new ColumnDefinition(this);
    }
  }
}
