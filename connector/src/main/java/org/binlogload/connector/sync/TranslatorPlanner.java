package org.binlogload.connector.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.binlogload.canal.DdlEvent;
import org.binlogload.ddl.ColumnDefinition;
import org.binlogload.ddl.DdlTranslator;
import org.binlogload.ddl.OnlineSchemaChange;
import org.binlogload.ddl.Rendering;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TableDefinition;
import org.binlogload.ddl.TableId;
import org.binlogload.ddl.Translation;
import org.binlogload.ddl.TranslatorOptions;

/**
 * The {@link DdlPlanner} over the ddl-translator: it keeps the MySQL definitions of the job's tables (and of the
 * helper tables of online schema changes of them), translates each DDL with the job's current name mapping, and
 * decides which tables the job binds afterwards.
 *
 * <p>Renames: a table bound explicitly ({@code FROM db.t INTO doris_t}) keeps its Doris table and the channel
 * follows the new MySQL name (the Doris rename is not run); a table of a whole-database job is renamed in Doris too.
 * pt-online-schema-change / gh-ost: the shadow's rows are never loaded, and at the swap the translator turns the
 * shadow's definition into ALTERs of the original Doris table, which stays bound to the original name.
 *
 * <p>Whole databases ({@link JobScope}): a table created later is bound if the mapping's INCLUDE/EXCLUDE takes it and
 * it has a key, else left out (a keyless one visibly); a table renamed out of the set is no longer synced (its Doris
 * table keeps its rows), one renamed into it is left out visibly (its earlier rows were never copied); DDL of tables
 * left out is not applied. A database a schema pattern matches joins at its CREATE DATABASE.
 */
public final class TranslatorPlanner implements DdlPlanner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FORMAT_VERSION = 1;

  private static final java.util.regex.Pattern CREATE_DATABASE =
      java.util.regex.Pattern.compile("(?is)^\\s*CREATE\\s+(DATABASE|SCHEMA)\\b");

  private final TranslatorOptions base;
  private final JobScope scope;
  private final Map<TableId, TableDefinition> tables = new LinkedHashMap<>();
  private final Map<TableId, String> createSql = new LinkedHashMap<>();
  private Translation pending;
  private DdlEvent pendingDdl;

  /** A planner translating with {@code options} (its name mapping is replaced by the job's bindings). */
  public TranslatorPlanner(TranslatorOptions options) {
    this(options, JobScope.everyTable());
  }

  /** A planner translating with {@code options}, taking the tables of whole databases that {@code scope} takes. */
  public TranslatorPlanner(TranslatorOptions options, JobScope scope) {
    this.base = Objects.requireNonNull(options, "options");
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  @Override
  public void track(String schema, String table, String sql) {
    TableDefinition def = TableDefinition.fromCreateTable(schema, sql).withId(schema, table);
    tables.put(def.id(), def);
    createSql.put(def.id(), sql);
  }

  /** The tracked definition of {@code schema.table}, if any. */
  public Optional<TableDefinition> definition(String schema, String table) {
    return Optional.ofNullable(tables.get(TableId.of(schema, table)));
  }

  @Override
  public DdlPlan createTarget(String schema, String table, String targetDb, String targetTable) {
    TableId id = TableId.of(schema, table);
    String sql = createSql.get(id);
    if (sql == null) {
      return new DdlPlan.Refuse("no definition of " + id + " is tracked", "track the table before creating it");
    }
    Translation tr = translator().translate(schema, sql, Map.of());
    if (tr.refusal().isPresent()) {
      return new DdlPlan.Refuse(tr.refusal().get().reason(), tr.refusal().get().remedy());
    }
    Bindings none = new Bindings(Map.of(), Map.of());
    return new DdlPlan.Apply(tr.changes(), none.bind(key(id), targetDb + "." + targetTable), none, List.of());
  }

  @Override
  public DdlPlan plan(DdlEvent ddl, Bindings bound) {
    Bindings b = join(bound, ddl);
    Translation tr = translator().translate(ddl.schema(), ddl.sql(), tables::get);
    boolean involvesJob = involved(ddl, tr).stream().anyMatch(id -> relevant(b, id));
    if (b == bound && !involvesJob) {
      pending = null;
      return new DdlPlan.Ignore("no table of the job is involved");
    }
    if (tr.refusal().isPresent() && involvesJob) {
      pending = null;
      return new DdlPlan.Refuse(tr.refusal().get().reason(), tr.refusal().get().remedy());
    }
    Bindings next = b;
    List<String> dropped = new ArrayList<>();
    List<SchemaChange> changes = new ArrayList<>();
    Map<String, String> leftOut = new LinkedHashMap<>();
    for (SchemaChange c : tr.refusal().isPresent() ? List.<SchemaChange>of() : tr.changes()) {
      if (c instanceof SchemaChange.RenameTable r) {
        if (followsRename(r, next) && !reads(next, r.newTable().schema())) {
          pending = null;
          return new DdlPlan.Refuse("table " + r.table() + " is bound explicitly and moves to another database ("
              + r.newTable().schema() + "), whose binlog the job does not read", "bind " + r.newTable() + " in a new "
              + "job and copy its rows, then skip this statement");
        }
        if (followsRename(r, next)) {
          next = next.unbind(key(r.table())).bind(key(r.newTable()), next.tables().get(key(r.table())));
          continue; // an explicitly bound target table keeps its name: the channel follows the source's
        }
        String out = renamedAcross(r, next, b, ddl);
        if (out != null) {
          next = next.unbind(key(r.table()));
          leftOut.put(key(r.newTable()), out);
          continue;
        }
        next = renamed(r, next, b);
      } else if (c instanceof SchemaChange.CreateTable ct) {
        TableId id = ct.definition().id();
        if (next.databases().containsKey(id.schema()) && !OnlineSchemaChange.isHelperTable(id.table())
            && !next.tables().containsKey(key(id))) {
          if (!scope.takes(id.schema(), id.table())) {
            continue; // INCLUDE/EXCLUDE leaves it out: no Doris table, nothing to show
          }
          if (ct.definition().keyColumns().isEmpty()) {
            leftOut.put(key(id), "it was created at " + ddl.position() + " without a primary key or NOT NULL unique "
                + "key, so Doris cannot tell its rows apart and the job leaves it out; to sync it, add a PRIMARY KEY "
                + "in MySQL and create the job again (its initial snapshot copies it)");
            continue;
          }
          next = next.bind(key(id), next.databases().get(id.schema()) + "." + mapped(id));
        }
      } else if (c instanceof SchemaChange.DropTable d) {
        if (next.tables().containsKey(key(d.table()))) {
          dropped.add(key(d.table()));
          next = next.unbind(key(d.table()));
        }
      } else if (leftOutOfWholeDatabase(next, c.table())) {
        continue; // a table of a whole database the job does not sync: no Doris table to change
      }
      changes.add(c);
    }
    pending = tr;
    pendingDdl = ddl;
    return new DdlPlan.Apply(changes, b, next, dropped, leftOut);
  }

  /** {@code b} with the database of {@code ddl} added when a schema pattern covers it and it is not bound yet. */
  private Bindings join(Bindings b, DdlEvent ddl) {
    String schema = ddl.schema();
    if (schema == null || b.databases().containsKey(schema) || !scope.patternCovers(schema)
        || !CREATE_DATABASE.matcher(ddl.sql()).find() && ddl.table() == null) {
      return b;
    }
    return b.withDatabase(schema, scope.mapping(schema).get().targetDatabaseOf(schema));
  }

  /** Whether {@code id} is a table of a whole database that the job does not bind (left out, or excluded). */
  private static boolean leftOutOfWholeDatabase(Bindings b, TableId id) {
    return id != null && b.databases().containsKey(id.schema()) && !b.tables().containsKey(key(id))
        && !OnlineSchemaChange.isHelperTable(id.table());
  }

  /**
   * Why {@code r}, a rename within the job's whole databases, takes a table out of the job or brings one in that the
   * job cannot sync (INCLUDE/EXCLUDE decides by name); null when the rename is applied as usual.
   */
  private String renamedAcross(SchemaChange.RenameTable r, Bindings next, Bindings before, DdlEvent ddl) {
    TableId from = r.table();
    TableId to = r.newTable();
    if (onlineSwap(r) || OnlineSchemaChange.isHelperTable(from.table()) || OnlineSchemaChange.isHelperTable(to.table())
        || !next.databases().containsKey(to.schema())) {
      return null;
    }
    boolean bound = next.tables().containsKey(key(from));
    if (bound && !scope.takes(to.schema(), to.table())) {
      return "renamed at " + ddl.position() + " from " + from + ", which the job synced, to a name its "
          + scope.reason(to.schema(), to.table()) + " leaves out, so the job no longer syncs it; Doris table "
          + next.tables().get(key(from)) + " keeps its rows up to that point";
    }
    if (!bound && scope.takes(to.schema(), to.table())) {
      return "renamed at " + ddl.position() + " from " + from + ", which the job did not sync, so Doris has none of "
          + "its earlier rows and the job leaves it out; to sync it, create the job again (its initial snapshot "
          + "copies it), or rename it back";
    }
    return null;
  }

  /** Whether the job reads the binlog of source schema {@code schema}: a table of it is bound, or all of it. */
  private static boolean reads(Bindings b, String schema) {
    return b.databases().containsKey(schema) || b.tables().keySet().stream().anyMatch(t -> t.startsWith(schema + "."));
  }

  /** Whether {@code r} renames a table bound explicitly (not through its whole database): the binding follows it. */
  private static boolean followsRename(SchemaChange.RenameTable r, Bindings b) {
    return !onlineSwap(r) && b.tables().containsKey(key(r.table()))
        && !(b.databases().containsKey(r.newTable().schema()) && b.databases().containsKey(r.table().schema()));
  }

  /** {@code next} after {@code r}: a table of a whole-database job is bound under its new name, renamed in the target. */
  private Bindings renamed(SchemaChange.RenameTable r, Bindings next, Bindings before) {
    if (onlineSwap(r) || !next.tables().containsKey(key(r.table()))) {
      return next; // an online schema change keeps the original binding
    }
    return next.unbind(key(r.table())).bind(key(r.newTable()), before.targetDatabase(r.newTable().schema()) + "."
        + mapped(r.newTable()));
  }

  /** Whether {@code r} retires the original table or swaps the shadow in (pt-online-schema-change, gh-ost). */
  private static boolean onlineSwap(SchemaChange.RenameTable r) {
    Optional<OnlineSchemaChange.Helper> hf = OnlineSchemaChange.classify(r.table().table());
    Optional<OnlineSchemaChange.Helper> ht = OnlineSchemaChange.classify(r.newTable().table());
    return ht.isPresent() && ht.get().role() != OnlineSchemaChange.Role.SHADOW
        || hf.isPresent() && hf.get().role() == OnlineSchemaChange.Role.SHADOW;
  }

  /** A translator into neutral changes only: the sink renders them. */
  private DdlTranslator translator() {
    return DdlTranslator.create(base, c -> Rendering.of(List.of(), List.of()));
  }

  /** The tables {@code ddl} names or changes, before and after. */
  private static Set<TableId> involved(DdlEvent ddl, Translation tr) {
    Set<TableId> involved = new LinkedHashSet<>();
    if (ddl.schema() != null && ddl.table() != null) {
      involved.add(TableId.of(ddl.schema(), ddl.table()));
    }
    for (SchemaChange c : tr.changes()) {
      if (c.table() != null) {
        involved.add(c.table());
      }
      if (c instanceof SchemaChange.RenameTable r) {
        involved.add(r.newTable());
      }
    }
    involved.addAll(tr.tablesAfter().keySet());
    return involved;
  }

  private static String key(TableId id) {
    return id.schema() + "." + id.table();
  }

  private boolean relevant(Bindings b, TableId id) {
    if (b.tables().containsKey(key(id))) {
      return true;
    }
    if (b.databases().containsKey(id.schema())) {
      return OnlineSchemaChange.isHelperTable(id.table()) || scope.takes(id.schema(), id.table());
    }
    Optional<OnlineSchemaChange.Helper> h = OnlineSchemaChange.classify(id.table());
    return h.isPresent() && b.tables().containsKey(id.schema() + "." + h.get().baseTable());
  }

  /** The Doris name of a table a whole-database job creates: its name, or the job's name_mapping for it. */
  private String mapped(TableId id) {
    return base.nameMapping().mapsTable(id.table()) ? base.nameMapping().dorisTable(id.table()) : id.table();
  }

  @Override
  public void adopt(DdlEvent ddl, DdlPlan plan) {
    if (pending == null || pendingDdl != ddl) {
      return;
    }
    for (Map.Entry<TableId, Optional<TableDefinition>> e : pending.tablesAfter().entrySet()) {
      if (e.getValue().isPresent()) {
        tables.put(e.getKey(), e.getValue().get());
      } else {
        tables.remove(e.getKey());
      }
      createSql.remove(e.getKey());
    }
    pending = null;
    pendingDdl = null;
  }

  @Override
  public byte[] snapshot() {
    ObjectNode n = JSON.createObjectNode();
    n.put("formatVersion", FORMAT_VERSION);
    ArrayNode a = n.putArray("tables");
    for (TableDefinition t : tables.values()) {
      a.add(table(t));
    }
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode table definitions", e);
    }
  }

  @Override
  public void restore(byte[] snapshot) {
    JsonNode n;
    try {
      n = JSON.readTree(snapshot);
    } catch (IOException e) {
      throw new IllegalStateException("stored table definitions are not JSON", e);
    }
    if (n.path("formatVersion").asInt(-1) != FORMAT_VERSION) {
      throw new IllegalStateException("stored table definitions have formatVersion " + n.path("formatVersion")
          + "; this version reads " + FORMAT_VERSION);
    }
    tables.clear();
    createSql.clear();
    for (JsonNode t : n.path("tables")) {
      TableDefinition d = table(t);
      tables.put(d.id(), d);
    }
  }

  private static ObjectNode table(TableDefinition t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("schema", t.schema()).put("name", t.name()).put("charset", t.charset()).put("comment", t.comment());
    t.primaryKey().forEach(o.putArray("primaryKey")::add);
    ObjectNode uk = o.putObject("uniqueKeys");
    t.uniqueKeys().forEach((k, v) -> v.forEach(uk.putArray(k)::add));
    ObjectNode rf = o.putObject("renamedFrom");
    t.renamedFrom().forEach(rf::put);
    ArrayNode cols = o.putArray("columns");
    for (ColumnDefinition c : t.columns()) {
      ObjectNode x = cols.addObject();
      x.put("name", c.name()).put("type", c.typeName()).put("length", c.length()).put("precision", c.precision())
          .put("scale", c.scale()).put("unsigned", c.unsigned()).put("zerofill", c.zerofill())
          .put("charset", c.charset()).put("collation", c.collation()).put("nullable", c.nullable())
          .put("defaultKind", c.defaultKind().name()).put("defaultValue", c.defaultValue())
          .put("comment", c.comment()).put("autoIncrement", c.autoIncrement())
          .put("generated", c.generatedExpression());
      c.members().forEach(x.putArray("members")::add);
    }
    return o;
  }

  private static TableDefinition table(JsonNode o) {
    TableDefinition.Builder b = TableDefinition.builder(o.get("schema").asText(), o.get("name").asText())
        .charset(text(o, "charset")).comment(text(o, "comment")).primaryKey(strings(o.path("primaryKey")));
    o.path("uniqueKeys").fields().forEachRemaining(e -> b.uniqueKey(e.getKey(), strings(e.getValue())));
    o.path("renamedFrom").fields().forEachRemaining(e -> b.renamedFrom(e.getKey(), e.getValue().asText()));
    for (JsonNode x : o.path("columns")) {
      ColumnDefinition.Builder c = ColumnDefinition.builder(x.get("name").asText(), x.get("type").asText())
          .length(integer(x, "length")).precision(integer(x, "precision")).scale(integer(x, "scale"))
          .unsigned(x.path("unsigned").asBoolean()).zerofill(x.path("zerofill").asBoolean())
          .charset(text(x, "charset")).collation(text(x, "collation")).nullable(x.path("nullable").asBoolean(true))
          .defaultValue(ColumnDefinition.DefaultKind.valueOf(x.path("defaultKind").asText("NONE")),
              text(x, "defaultValue"))
          .comment(text(x, "comment")).autoIncrement(x.path("autoIncrement").asBoolean())
          .generatedExpression(text(x, "generated")).members(strings(x.path("members")));
      b.addColumn(c.build());
    }
    return b.build();
  }

  private static String text(JsonNode o, String f) {
    JsonNode v = o.get(f);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Integer integer(JsonNode o, String f) {
    JsonNode v = o.get(f);
    return v == null || v.isNull() ? null : v.asInt();
  }

  private static List<String> strings(JsonNode a) {
    List<String> l = new ArrayList<>();
    for (JsonNode s : a) {
      l.add(s.asText());
    }
    return l;
  }
}
