package org.binlogload.ddl.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.binlogload.ddl.OnlineSchemaChange;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TableDefinition;
import org.binlogload.ddl.TableId;
import org.binlogload.ddl.TranslatorOptions;

/** What one statement has done so far: the table definitions it touched and the schema changes it produced. */
final class StatementState {

  private final TranslatorOptions options;
  private final TableNames names;
  private final Function<TableId, TableDefinition> lookup;
  private final Map<TableId, Optional<TableDefinition>> touched = new LinkedHashMap<>();
  private final List<SchemaChange> changes = new ArrayList<>();
  private Normalizer.Result normalized;

  StatementState(TranslatorOptions options, TableNames names, Function<TableId, TableDefinition> lookup) {
    this.options = options;
    this.names = names;
    this.lookup = lookup;
  }

  TableNames names() {
    return names;
  }

  /** The statement as the normalizer rewrote it. */
  Normalizer.Result normalized() {
    return normalized;
  }

  void normalized(Normalizer.Result result) {
    this.normalized = result;
  }

  /** The definitions the statement touched, empty for a table it dropped. */
  Map<TableId, Optional<TableDefinition>> touched() {
    return touched;
  }

  /** The schema changes so far. */
  List<SchemaChange> changes() {
    return changes;
  }

  /** Forgets every change and touched definition. */
  void clear() {
    changes.clear();
    touched.clear();
  }

  /** The definition of {@code id} as the statement left it so far, or null when unknown. */
  TableDefinition get(TableId id) {
    if (touched.containsKey(id)) {
      return touched.get(id).orElse(null);
    }
    TableDefinition d;
    try {
      d = lookup.apply(id);
    } catch (RuntimeException e) {
      throw new Refuse("table definition lookup of " + id + " failed: " + e, "fix the schema history");
    }
    if (d == null && options.lowerCaseTableNames() == 2) {
      d = lookup.apply(TableId.of(id.schema().toLowerCase(Locale.ROOT), id.table().toLowerCase(Locale.ROOT)));
    }
    return d;
  }

  /** Records {@code def} (null: no such table) as the definition of {@code id}. */
  void put(TableId id, TableDefinition def) {
    touched.put(id, Optional.ofNullable(def));
  }

  /** The online-schema-change role of {@code id}, when the options recognise them. */
  Optional<OnlineSchemaChange.Helper> helper(TableId id) {
    return options.onlineSchemaChange() ? OnlineSchemaChange.classify(id.table()) : Optional.empty();
  }

  /** Why a table has no Doris table, or null when it has one (or may have one). */
  String notInDoris(TableId id, TableDefinition def) {
    Optional<OnlineSchemaChange.Helper> h = helper(id);
    if (h.isPresent()) {
      return "table " + id + " is the " + h.get().role().name().toLowerCase(Locale.ROOT)
          + " table of an online schema change of " + h.get().baseTable() + "; it is not created in Doris"
          + (h.get().role() == OnlineSchemaChange.Role.SHADOW ? " and its changes are applied to "
          + h.get().baseTable() + " at the swap" : "");
    }
    if (def != null && def.keyColumns().isEmpty()) {
      return "table " + id + " has neither a primary key nor a NOT NULL unique key, so it has no Doris table";
    }
    return null;
  }

  /** Adds a schema change. */
  void add(SchemaChange change) {
    changes.add(change);
  }

  /** Adds a no-op of {@code table} (may be null) with its reason. */
  void noop(TableId table, String reason) {
    changes.add(new SchemaChange.NoOp(table, reason));
  }
}
