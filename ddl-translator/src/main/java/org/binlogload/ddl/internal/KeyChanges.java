package org.binlogload.ddl.internal;

import java.util.ArrayList;
import java.util.List;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TableDefinition;
import org.binlogload.ddl.TableId;

/** Refuses a statement that changes a table's key, which a Doris UNIQUE KEY table cannot do. */
final class KeyChanges {

  private final StatementState state;

  KeyChanges(StatementState state) {
    this.state = state;
  }

  /** Checks that {@code after} keeps the key of {@code before}, then records it as the definition of {@code id}. */
  void checkAndPut(TableId id, TableDefinition before, TableDefinition after) {
    check(id, before, before.keyColumns(), after);
    state.put(id, after);
  }

  /**
   * Checks that {@code after} has the key {@code beforeKeys}, the key of {@code before} under its new names; a
   * refusal records {@code after}, which is MySQL's state after the statement.
   */
  void check(TableId id, TableDefinition before, List<String> beforeKeys, TableDefinition after) {
    if (sameNames(beforeKeys, after.keyColumns()) || state.helper(id).isPresent()) {
      return;
    }
    state.put(id, after);
    if (before.keyColumns().isEmpty()) {
      throw new Refuse("table " + id + " gets the key (" + String.join(", ", after.keyColumns())
          + ") but has no Doris table, because it had no key when created",
          "create the Doris table and run an initial load of " + id + ", then skip this statement", true);
    }
    throw new Refuse("the key of " + id + " changes from (" + String.join(", ", before.keyColumns()) + ") to "
        + (after.keyColumns().isEmpty() ? "none" : "(" + String.join(", ", after.keyColumns()) + ")")
        + "; the key of a Doris UNIQUE KEY table cannot change", Remedies.RECREATE, true);
  }

  /**
   * {@code before} with its key columns under the names the statement's renames gave them: Doris renames key and
   * distribution columns with light schema change (its schema_change_p0 tests rename unique-key columns).
   */
  static List<String> renamedKeys(TableDefinition before, List<SchemaChange> changes) {
    List<String> keys = new ArrayList<>(before.keyColumns());
    for (SchemaChange c : changes) {
      if (c instanceof SchemaChange.RenameColumn r) {
        keys.replaceAll(k -> k.equalsIgnoreCase(r.column().name()) ? r.newName() : k);
      }
    }
    return keys;
  }

  /** Whether two lists of column names are equal ignoring case. */
  static boolean sameNames(List<String> a, List<String> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equalsIgnoreCase(b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
