package org.binlogload.ddl.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.binlogload.ddl.ColumnDefinition;
import org.binlogload.ddl.ColumnPosition;
import org.binlogload.ddl.TableDefinition;

/** Pure column edits on table definitions, as MySQL applies them. */
final class Columns {

  private Columns() {
  }

  private static int index(TableDefinition t, String name) {
    for (int i = 0; i < t.columns().size(); i++) {
      if (t.columns().get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Builds {@code b}, refusing the statement when the result is not a valid definition. */
  static TableDefinition build(TableDefinition.Builder b) {
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new Refuse(e.getMessage(), "reload the table's definition from SHOW CREATE TABLE");
    }
  }

  /** {@code base}, or {@code base_2}, {@code base_3}... whichever is not a column of {@code t}. */
  static String freeName(TableDefinition t, String base) {
    String n = base;
    for (int i = 2; t.column(n).isPresent(); i++) {
      n = base + "_" + i;
    }
    return n;
  }

  static TableDefinition insert(TableDefinition t, ColumnDefinition c, ColumnPosition pos) {
    List<ColumnDefinition> cols = new ArrayList<>(t.columns());
    int at = cols.size();
    if (pos.kind() == ColumnPosition.Kind.FIRST) {
      at = 0;
    } else if (pos.kind() == ColumnPosition.Kind.AFTER) {
      int i = index(t, pos.afterColumn());
      at = i < 0 ? cols.size() : i + 1;
    }
    cols.add(at, c);
    return build(t.toBuilder().columns(cols));
  }

  static TableDefinition drop(TableDefinition t, String name) {
    List<ColumnDefinition> cols = new ArrayList<>(t.columns());
    cols.removeIf(c -> c.name().equalsIgnoreCase(name));
    TableDefinition.Builder b = t.toBuilder().columns(cols);
    List<String> pk = new ArrayList<>(t.primaryKey());
    pk.removeIf(k -> k.equalsIgnoreCase(name));
    b.primaryKey(pk);
    Map<String, List<String>> uniques = new LinkedHashMap<>(b.uniqueKeys());
    b.uniqueKeys().clear();
    uniques.forEach((k, v) -> {
      List<String> rest = new ArrayList<>(v);
      rest.removeIf(x -> x.equalsIgnoreCase(name));
      if (!rest.isEmpty()) {
        b.uniqueKey(k, rest);
      }
    });
    Map<String, String> renamed = new LinkedHashMap<>(t.renamedFrom());
    renamed.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    b.renamedFrom(renamed);
    return build(b);
  }

  static TableDefinition rename(TableDefinition t, String from, String to, boolean trackOrigin) {
    List<ColumnDefinition> cols = new ArrayList<>();
    for (ColumnDefinition c : t.columns()) {
      cols.add(c.name().equalsIgnoreCase(from) ? c.withName(to) : c);
    }
    TableDefinition.Builder b = t.toBuilder().columns(cols);
    b.primaryKey(t.primaryKey().stream().map(k -> k.equalsIgnoreCase(from) ? to : k).toList());
    Map<String, List<String>> uniques = new LinkedHashMap<>(b.uniqueKeys());
    b.uniqueKeys().clear();
    uniques.forEach((k, v) -> b.uniqueKey(k, v.stream().map(x -> x.equalsIgnoreCase(from) ? to : x).toList()));
    Map<String, String> renamed = new LinkedHashMap<>();
    String origin = from;
    for (Map.Entry<String, String> e : t.renamedFrom().entrySet()) {
      if (e.getKey().equalsIgnoreCase(from)) {
        origin = e.getValue();
      } else {
        renamed.put(e.getKey(), e.getValue());
      }
    }
    if (trackOrigin && !origin.equals(to)) {
      renamed.put(to, origin);
    }
    b.renamedFrom(renamed);
    return build(b);
  }

  static TableDefinition replace(TableDefinition t, String name, ColumnDefinition c) {
    List<ColumnDefinition> cols = new ArrayList<>();
    for (ColumnDefinition x : t.columns()) {
      cols.add(x.name().equalsIgnoreCase(name) ? c : x);
    }
    return build(t.toBuilder().columns(cols));
  }

  /** The charset a column effectively has in its table. */
  static String effectiveCharset(TableDefinition t, ColumnDefinition c) {
    if (c.charset() != null) {
      return c.charset();
    }
    if (c.collation() != null && !c.collation().equals("binary")) {
      int u = c.collation().indexOf('_');
      return u > 0 ? c.collation().substring(0, u) : c.collation();
    }
    return t.charset();
  }

  /** Whether {@code b} is generated with an expression {@code a} did not have: MySQL recomputes every row. */
  static boolean regenerated(ColumnDefinition a, ColumnDefinition b) {
    return b.generatedExpression() != null && !b.generatedExpression().equals(a.generatedExpression());
  }

  /** Whether two columns have the same MySQL type (type, length, precision, scale, sign, members, charset). */
  static boolean sameType(TableDefinition ta, ColumnDefinition a, TableDefinition tb, ColumnDefinition b) {
    boolean charsetMatters = org.binlogload.ddl.TypeMapping.isCharacterType(a.typeName())
        || org.binlogload.ddl.TypeMapping.isCharacterType(b.typeName());
    return a.typeName().equals(b.typeName()) && Objects.equals(a.length(), b.length())
        && Objects.equals(a.precision(), b.precision()) && Objects.equals(a.scale(), b.scale())
        && a.unsigned() == b.unsigned() && a.members().equals(b.members())
        && (!charsetMatters || Objects.equals(effectiveCharset(ta, a), effectiveCharset(tb, b)));
  }
}
