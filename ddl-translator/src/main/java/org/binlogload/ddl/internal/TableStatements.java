package org.binlogload.ddl.internal;

import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateTableStatement;
import java.util.Map;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TableDefinition;
import org.binlogload.ddl.TableId;

/** Translates CREATE TABLE (plain and LIKE), DROP TABLE and TRUNCATE TABLE. */
final class TableStatements {

  private final StatementState state;

  TableStatements(StatementState state) {
    this.state = state;
  }

  void create(MySqlCreateTableStatement ct) {
    TableId id = state.names().id(ct.getTableSource());
    boolean replace = state.normalized().orReplace();
    if (ct.isTemporary()) {
      state.noop(id, "temporary tables are not replicated");
      return;
    }
    if (ct.getSelect() != null) {
      throw new Refuse("CREATE TABLE ... SELECT: the column types are not in the statement",
          "create " + id + " in Doris from SHOW CREATE TABLE, load it, then skip this statement");
    }
    TableDefinition existing = state.get(id);
    if (ct.isIfNotExists() && existing != null && !replace) {
      state.noop(id, "CREATE TABLE IF NOT EXISTS of existing table " + id);
      return;
    }
    TableDefinition def;
    if (ct.getLike() != null) {
      TableId src = state.names().id(ct.getLike());
      TableDefinition srcDef = state.get(src);
      if (srcDef == null) {
        throw new Refuse("CREATE TABLE " + id + " LIKE " + src + ": no definition of " + src + " is known",
            "the connector must load the definition of " + src + " (SHOW CREATE TABLE) before its DDL");
      }
      def = srcDef.toBuilder().schema(id.schema()).name(id.table()).renamedFrom(Map.of()).build();
    } else {
      def = CreateTableReader.build(id.schema(), id.table(), ct);
      if (def.columns().isEmpty()) {
        throw new Refuse("CREATE TABLE " + id + " without columns", Remedies.BY_HAND);
      }
    }
    state.put(id, def);
    String why = state.notInDoris(id, null);
    if (why != null) {
      state.noop(id, why);
      return;
    }
    state.add(new SchemaChange.CreateTable(def, ct.isIfNotExists(), replace));
  }

  void drop(TableId id, boolean ifExists) {
    TableDefinition def = state.get(id);
    state.put(id, null);
    String why = state.notInDoris(id, def);
    if (why != null) {
      state.noop(id, why);
      return;
    }
    state.add(new SchemaChange.DropTable(id, ifExists));
  }

  void truncate(TableId id) {
    TableDefinition def = state.get(id);
    String why = state.notInDoris(id, def);
    if (why != null) {
      state.noop(id, why);
      return;
    }
    state.add(new SchemaChange.TruncateTable(id));
  }
}
