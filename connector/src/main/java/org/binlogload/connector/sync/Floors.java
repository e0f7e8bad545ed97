package org.binlogload.connector.sync;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.binlogload.canal.BinlogPosition;

/**
 * Per-table floors of a job's progress: an event of a table at or below its floor is skipped, as an event at or below
 * the committed position is for every table; a table being copied online has no finite floor (all its events are
 * skipped). {@code others} is the floor of every table without one of its own (and of DDL naming no table).
 */
public final class Floors {
  /** No floors: only the committed position decides. */
  public static final Floors NONE = new Floors(Map.of(), Set.of(), null);

  private final Map<String, BinlogPosition> at;
  private final Set<String> copying;
  private final BinlogPosition others;

  private Floors(Map<String, BinlogPosition> at, Set<String> copying, BinlogPosition others) {
    this.at = Map.copyOf(at);
    this.copying = Set.copyOf(copying);
    this.others = others;
  }

  /** Floors {@code at} per table ({@code db.table}), {@code copying} tables skipped whole, {@code others} or null. */
  public static Floors of(Map<String, BinlogPosition> at, Set<String> copying, BinlogPosition others) {
    for (String t : copying) {
      if (at.containsKey(t)) {
        throw new IllegalArgumentException(t + " has a floor and is being copied");
      }
    }
    return at.isEmpty() && copying.isEmpty() && others == null ? NONE : new Floors(at, copying, others);
  }

  /** Whether no table has a floor. */
  public boolean isEmpty() {
    return at.isEmpty() && copying.isEmpty() && others == null;
  }

  /** The tables with a finite floor of their own and their floors. */
  public Map<String, BinlogPosition> at() {
    return at;
  }

  /** The tables being copied online: every event of theirs is skipped. */
  public Set<String> copying() {
    return copying;
  }

  /** The floor of every table without one of its own, or null. */
  public BinlogPosition others() {
    return others;
  }

  /** Whether the event of {@code table} ({@code db.table}, or null for none) at {@code p} is below a floor. */
  public boolean skips(String table, BinlogPosition p) {
    if (table != null && copying.contains(table)) {
      return true;
    }
    BinlogPosition f = table != null && at.containsKey(table) ? at.get(table) : others;
    return f != null && !p.isAfter(f);
  }

  /** These floors with {@code table} copied online: all its events skipped from now on. */
  public Floors copying(String table) {
    Map<String, BinlogPosition> a = new LinkedHashMap<>(at);
    a.remove(table);
    Set<String> c = new LinkedHashSet<>(copying);
    c.add(table);
    return of(a, c, others);
  }

  /**
   * The floors once {@code table}'s copy consistent as of {@code watermark} is done and the reader rewinds there:
   * {@code table} at the watermark, every other table (copied ones excepted) at {@code committed}, which the rewound
   * reader passes again.
   */
  public Floors copied(String table, BinlogPosition watermark, BinlogPosition committed) {
    Map<String, BinlogPosition> a = new LinkedHashMap<>();
    for (Map.Entry<String, BinlogPosition> e : at.entrySet()) {
      a.put(e.getKey(), max(e.getValue(), committed));
    }
    a.put(table, watermark);
    Set<String> c = new LinkedHashSet<>(copying);
    c.remove(table);
    return of(a, c, committed == null ? others : max(others, committed));
  }

  /** These floors without those at or below {@code committed}: the stream has passed them. */
  public Floors passed(BinlogPosition committed) {
    if (committed == null || isEmpty()) {
      return this;
    }
    Map<String, BinlogPosition> a = new LinkedHashMap<>();
    for (Map.Entry<String, BinlogPosition> e : at.entrySet()) {
      if (e.getValue().isAfter(committed)) {
        a.put(e.getKey(), e.getValue());
      }
    }
    return of(a, copying, others != null && others.isAfter(committed) ? others : null);
  }

  /** These floors without {@code table}'s (a channel dropped, a copy abandoned). */
  public Floors without(String table) {
    Map<String, BinlogPosition> a = new LinkedHashMap<>(at);
    a.remove(table);
    Set<String> c = new LinkedHashSet<>(copying);
    c.remove(table);
    return of(a, c, others);
  }

  private static BinlogPosition max(BinlogPosition a, BinlogPosition b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Floors f && f.at.equals(at) && f.copying.equals(copying)
        && java.util.Objects.equals(f.others, others);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(at, copying, others);
  }

  @Override
  public String toString() {
    return "Floors{at=" + at + ", copying=" + copying + ", others=" + others + "}";
  }
}
