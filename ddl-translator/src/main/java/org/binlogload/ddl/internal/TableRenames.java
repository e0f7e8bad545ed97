package org.binlogload.ddl.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.binlogload.ddl.OnlineSchemaChange;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TableDefinition;
import org.binlogload.ddl.TableId;

/** Translates a table rename, including the renames that retire a table and swap in its online-schema-change shadow. */
final class TableRenames {

  private final StatementState state;

  TableRenames(StatementState state) {
    this.state = state;
  }

  void rename(TableId from, TableId to) {
    TableDefinition src = state.get(from);
    if (src == null && state.normalized().alterIfExists()) {
      state.noop(from, "RENAME TABLE IF EXISTS of table " + from + ", which does not exist");
      return;
    }
    Optional<OnlineSchemaChange.Helper> hf = state.helper(from);
    Optional<OnlineSchemaChange.Helper> ht = state.helper(to);
    if (ht.isPresent() && ht.get().role() == OnlineSchemaChange.Role.RETIRED
        && ht.get().baseTable().equals(from.table()) && from.schema().equals(to.schema())) {
      if (src != null) {
        state.put(to, src.withId(to.schema(), to.table()));
      }
      state.put(from, null);
      state.noop(from, "table " + from + " is retired by an online schema change as " + to.table()
          + "; its Doris table is kept and receives the new schema when the shadow takes its name");
      return;
    }
    if (hf.isPresent() && hf.get().role() == OnlineSchemaChange.Role.SHADOW
        && hf.get().baseTable().equals(to.table()) && from.schema().equals(to.schema())) {
      swapIn(from, src, to);
      return;
    }
    if (src != null) { // an unknown table stays unknown under its new name
      state.put(to, src.toBuilder().schema(to.schema()).name(to.table()).build());
    }
    state.put(from, null);
    String why = hf.isPresent() ? state.notInDoris(from, src) : ht.isPresent() ? state.notInDoris(to, src)
        : state.notInDoris(from, src);
    if (why != null) {
      state.noop(from, why);
      return;
    }
    state.add(new SchemaChange.RenameTable(from, to));
  }

  /** Shadow table {@code from} (definition {@code src}) takes the name of the table {@code to} it replaces. */
  private void swapIn(TableId from, TableDefinition src, TableId to) {
    if (src == null) {
      throw new Refuse("no definition of shadow table " + from + " is known",
          "the connector must keep the definitions of online-schema-change shadow tables");
    }
    TableDefinition old = retired(to);
    TableDefinition neu = src.toBuilder().schema(to.schema()).name(to.table()).renamedFrom(Map.of()).build();
    if (old == null) {
      if (state.get(to) != null) {
        throw new Refuse("shadow " + from + " renamed onto existing " + to, Remedies.BY_HAND);
      }
      throw new Refuse("cannot find the definition of " + to + " before its online schema change (no retired "
          + "table _" + to.table() + "_old or _" + to.table() + "_del is known)", Remedies.RECREATE);
    }
    String why = state.notInDoris(to, old);
    if (why != null) {
      state.noop(to, why);
    } else {
      state.noop(to, "online schema change of " + to + " completes: its Doris table takes the schema of " + from);
      state.changes().addAll(ShadowDiff.diff(old.withId(to.schema(), to.table()), src, to));
    }
    state.put(to, neu);
    state.put(from, null);
  }

  /** The definition of {@code base} before an online schema change retired it under another name, or null. */
  private TableDefinition retired(TableId base) {
    for (Map.Entry<TableId, Optional<TableDefinition>> e : state.touched().entrySet()) {
      Optional<OnlineSchemaChange.Helper> h = state.helper(e.getKey());
      if (e.getValue().isPresent() && h.isPresent() && h.get().role() == OnlineSchemaChange.Role.RETIRED
          && h.get().baseTable().equals(base.table()) && e.getKey().schema().equals(base.schema())) {
        return e.getValue().get();
      }
    }
    for (String n : List.of("_" + base.table() + "_old", "__" + base.table() + "_old", "_" + base.table() + "_del")) {
      TableDefinition d = state.get(TableId.of(base.schema(), n));
      if (d != null) {
        return d;
      }
    }
    return null;
  }
}
