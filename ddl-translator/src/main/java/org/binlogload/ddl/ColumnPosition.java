package org.binlogload.ddl;

import java.util.Objects;

/** Where an added column goes: first, after a named column, or last. */
public record ColumnPosition(Kind kind, String afterColumn) {

  /** Position kinds. */
  public enum Kind { FIRST, AFTER, LAST }

  private static final ColumnPosition FIRST = new ColumnPosition(Kind.FIRST, null);
  private static final ColumnPosition LAST = new ColumnPosition(Kind.LAST, null);

  /** Validates that AFTER, and only AFTER, names a column. */
  public ColumnPosition {
    Objects.requireNonNull(kind, "kind == null");
    if ((kind == Kind.AFTER) != (afterColumn != null)) {
      throw new IllegalArgumentException("afterColumn must be set exactly for AFTER");
    }
  }

  /** Before every other column. */
  public static ColumnPosition first() {
    return FIRST;
  }

  /** Directly after {@code column}. */
  public static ColumnPosition after(String column) {
    return new ColumnPosition(Kind.AFTER, Objects.requireNonNull(column, "column == null"));
  }

  /** After the last column (no position clause). */
  public static ColumnPosition last() {
    return LAST;
  }

  @Override
  public String toString() {
    return kind == Kind.AFTER ? "AFTER " + afterColumn : kind.name();
  }
}
