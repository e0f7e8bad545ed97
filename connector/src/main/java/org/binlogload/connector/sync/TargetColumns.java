package org.binlogload.connector.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.binlogload.ddl.ColumnDefinition;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TableDefinition;

/** The Doris table a channel with a column list creates: the source's definition with the listed columns only. */
final class TargetColumns {
  private TargetColumns() {}

  /**
   * {@code plan} (creating {@code target} for {@code source}) keeping only {@code columns}, in source order; every key
   * column must be listed. No list keeps the plan as it is.
   */
  static DdlPlan only(DdlPlan plan, List<String> columns, String source, String target) {
    if (columns.isEmpty() || !(plan instanceof DdlPlan.Apply a)) {
      return plan;
    }
    Set<String> listed = new TreeSet<>();
    columns.forEach(c -> listed.add(c.toLowerCase(Locale.ROOT)));
    List<SchemaChange> changes = new ArrayList<>();
    for (SchemaChange c : a.changes()) {
      changes.add(c instanceof SchemaChange.CreateTable ct ? new SchemaChange.CreateTable(
          listed(ct.definition(), listed, source, target), ct.ifNotExists(), ct.replace()) : c);
    }
    return new DdlPlan.Apply(changes, a.target(), a.bindings(), a.dropped(), a.leftOut());
  }

  private static TableDefinition listed(TableDefinition def, Set<String> listed, String source, String target) {
    List<String> keyLeftOut = new ArrayList<>();
    for (String k : def.keyColumns()) {
      if (!listed.contains(k.toLowerCase(Locale.ROOT))) {
        keyLeftOut.add(k);
      }
    }
    if (!keyLeftOut.isEmpty()) {
      throw new IllegalStateException("cannot create Doris table " + target + " for " + source + ": its column list "
          + "leaves out the key column(s) " + keyLeftOut + "; list every key column");
    }
    List<ColumnDefinition> kept = new ArrayList<>();
    for (ColumnDefinition c : def.columns()) {
      if (listed.contains(c.name().toLowerCase(Locale.ROOT))) {
        kept.add(c);
      }
    }
    TableDefinition.Builder b = def.toBuilder().columns(kept);
    for (Map.Entry<String, List<String>> uk : def.uniqueKeys().entrySet()) {
      if (!uk.getValue().stream().allMatch(c -> listed.contains(c.toLowerCase(Locale.ROOT)))) {
        b.removeUniqueKey(uk.getKey()); // a unique key over a column left out is not the Doris table's
      }
    }
    return b.build();
  }
}
