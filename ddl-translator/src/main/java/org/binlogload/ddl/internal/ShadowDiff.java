package org.binlogload.ddl.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.binlogload.ddl.ColumnDefinition;
import org.binlogload.ddl.ColumnPosition;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TableDefinition;
import org.binlogload.ddl.TableId;

/** The column changes that turn a table into the shadow table an online schema change swaps in for it. */
final class ShadowDiff {

  private ShadowDiff() {
  }

  /** Changes turning {@code old} (the Doris table's MySQL definition) into {@code shadow}'s definition. */
  static List<SchemaChange> diff(TableDefinition old, TableDefinition shadow, TableId id) {
    Map<String, String> origin = new LinkedHashMap<>();
    for (ColumnDefinition c : shadow.columns()) {
      origin.put(c.name(), shadow.renamedFrom().getOrDefault(c.name(), c.name()));
    }
    List<String> newKeyOrigins = shadow.keyColumns().stream().map(k -> origin.getOrDefault(k, k)).toList();
    if (!KeyChanges.sameNames(old.keyColumns(), newKeyOrigins)) {
      throw new Refuse("the key of " + id + " changes from (" + String.join(", ", old.keyColumns()) + ") to ("
          + String.join(", ", shadow.keyColumns()) + ") in an online schema change; the key of a Doris UNIQUE KEY "
          + "table cannot change", Remedies.RECREATE);
    }
    Set<String> referenced = new HashSet<>();
    origin.values().forEach(o -> referenced.add(o.toLowerCase(Locale.ROOT)));
    List<SchemaChange> out = new ArrayList<>();
    TableDefinition cur = old;
    for (ColumnDefinition c : old.columns()) {
      if (!referenced.contains(c.name().toLowerCase(Locale.ROOT))) {
        out.add(new SchemaChange.DropColumn(cur, c));
        cur = Columns.drop(cur, c.name());
      }
    }
    // a renamed column whose name another column takes (a swap, a chain) is first moved to a free name
    Set<String> targets = new HashSet<>();
    for (ColumnDefinition c : shadow.columns()) {
      if (!origin.get(c.name()).equalsIgnoreCase(c.name())) {
        targets.add(c.name().toLowerCase(Locale.ROOT));
      }
    }
    Map<String, String> current = new HashMap<>();
    for (ColumnDefinition c : shadow.columns()) {
      String from = origin.get(c.name());
      if (!from.equalsIgnoreCase(c.name()) && targets.contains(from.toLowerCase(Locale.ROOT))
          && cur.column(from).isPresent()) {
        String aside = Columns.freeName(cur, from + "_binlogload_swap");
        out.add(new SchemaChange.RenameColumn(cur, cur.column(from).get(), aside));
        cur = Columns.rename(cur, from, aside, false);
        current.put(from.toLowerCase(Locale.ROOT), aside);
      }
    }
    Set<String> added = new HashSet<>();
    for (ColumnDefinition c : shadow.columns()) {
      String from = origin.get(c.name());
      Optional<ColumnDefinition> oc = cur.column(current.getOrDefault(from.toLowerCase(Locale.ROOT), from));
      if (oc.isEmpty() || !old.column(from).isPresent()) {
        added.add(c.name());
        continue;
      }
      ColumnDefinition o = oc.get();
      if (!o.name().equals(c.name())) {
        out.add(new SchemaChange.RenameColumn(cur, o, c.name()));
        cur = Columns.rename(cur, o.name(), c.name(), false);
        o = cur.column(c.name()).orElseThrow();
      }
      if (!Columns.sameType(cur, o, shadow, c) || Columns.regenerated(o, c)) {
        ColumnDefinition nc = c.toBuilder().position(o.position()).build();
        out.add(new SchemaChange.AlterColumnType(cur, o, nc));
        cur = Columns.replace(cur, o.name(), nc);
      } else if (!o.sameDefinition(c)) {
        cur = Columns.replace(cur, o.name(), c);
      }
    }
    String prev = null;
    for (ColumnDefinition c : shadow.columns()) {
      if (added.contains(c.name())) {
        ColumnPosition pos = prev == null ? ColumnPosition.first() : ColumnPosition.after(prev);
        out.add(new SchemaChange.AddColumn(cur, c, pos));
        cur = Columns.insert(cur, c, pos);
      }
      prev = c.name();
    }
    return out;
  }
}
