package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which tables of a whole-database mapping the job takes: those matching an INCLUDE pattern (every table when there
 * is none) and no EXCLUDE pattern. Applied at the first start and to tables created or renamed later.
 */
public final class TableFilter {
  private static final TableFilter ALL = new TableFilter(List.of(), List.of());

  private final List<NamePattern> include;
  private final List<NamePattern> exclude;

  private TableFilter(List<NamePattern> include, List<NamePattern> exclude) {
    this.include = List.copyOf(include);
    this.exclude = List.copyOf(exclude);
  }

  /** Every table. */
  public static TableFilter all() {
    return ALL;
  }

  /** The tables matching one of {@code include} (all when empty) and none of {@code exclude}. */
  public static TableFilter of(List<NamePattern> include, List<NamePattern> exclude) {
    return include.isEmpty() && exclude.isEmpty() ? ALL
        : new TableFilter(Objects.requireNonNull(include, "include"), Objects.requireNonNull(exclude, "exclude"));
  }

  /** Whether the job takes table {@code table}. */
  public boolean takes(String table) {
    if (!include.isEmpty() && include.stream().noneMatch(p -> p.matches(table))) {
      return false;
    }
    return exclude.stream().noneMatch(p -> p.matches(table));
  }

  /** Why the job does not take {@code table}, e.g. {@code "EXCLUDE (tmp_*)"}; null if it does. */
  public String reason(String table) {
    for (NamePattern p : exclude) {
      if (p.matches(table)) {
        return "EXCLUDE (" + p + ")";
      }
    }
    return takes(table) ? null : "not in INCLUDE " + list(include);
  }

  /** Whether every table is taken. */
  public boolean isAll() {
    return include.isEmpty() && exclude.isEmpty();
  }

  /** The INCLUDE patterns. */
  public List<NamePattern> include() {
    return include;
  }

  /** The EXCLUDE patterns. */
  public List<NamePattern> exclude() {
    return exclude;
  }

  private static String list(List<NamePattern> l) {
    List<String> s = new ArrayList<>();
    l.forEach(p -> s.add(p.toString()));
    return "(" + String.join(", ", s) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableFilter f && include.equals(f.include) && exclude.equals(f.exclude);
  }

  @Override
  public int hashCode() {
    return Objects.hash(include, exclude);
  }

  /** {@code " INCLUDE (a, b*) EXCLUDE (tmp_*)"}, empty for every table, as the grammar writes it. */
  @Override
  public String toString() {
    return (include.isEmpty() ? "" : " INCLUDE " + list(include)) + (exclude.isEmpty() ? "" : " EXCLUDE "
        + list(exclude));
  }
}
