package org.binlogload.connector.load;

import java.util.List;

/** The target column names of a load's rows, in the order of their values: held once and shared by the rows. */
public final class LoadColumns {
  private final List<String> names;
  private final long nameBytes;

  private LoadColumns(List<String> names) {
    this.names = List.copyOf(names);
    long n = 0;
    for (String c : this.names) {
      n += c.length() + 4;
    }
    this.nameBytes = n;
  }

  /** The columns {@code names}, in order. */
  public static LoadColumns of(List<String> names) {
    return new LoadColumns(names);
  }

  /** The names in value order. */
  public List<String> names() {
    return names;
  }

  /** How many columns there are. */
  public int size() {
    return names.size();
  }

  /** The name of column {@code i}. */
  public String name(int i) {
    return names.get(i);
  }

  /** The names' share of a row's size in a JSON body: each quoted, with its colon and comma. */
  long nameBytes() {
    return nameBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LoadColumns c && names.equals(c.names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  @Override
  public String toString() {
    return names.toString();
  }
}
