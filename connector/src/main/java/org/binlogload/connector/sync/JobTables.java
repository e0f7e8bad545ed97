package org.binlogload.connector.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DdlEvent;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.ChannelStatus;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.NameProperties;
import org.binlogload.ddl.NameMapping;
import org.binlogload.ddl.OnlineSchemaChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables of one job: which source table feeds which Doris table ({@link Bindings}), the {@link Channel}s and
 * the routes to them, the tables left out ({@link NotSynced}), and their persisted form (the schema snapshot,
 * {@code formatVersion} 1, with the planner's tracked definitions).
 */
final class JobTables implements DdlBarrier.Job {
  private static final Logger LOG = LoggerFactory.getLogger(JobTables.class);

  private final String job;
  private final JobDefinition definition;
  private final DdlPlanner planner;
  private final SourceCatalog catalog;
  private final SchemaApplier applier;
  private final ProgressStore progress;
  private final NotSynced notSynced;
  private final NameMapping names;
  private final JobScope scope;
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Map<String, Channel> routes = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile List<Channel> channelList = List.of();
  private Bindings bindings;
  private boolean initialized;
  /** The source's binlog end when the job first read its tables' definitions: DDL before it is already in them. */
  private volatile BinlogPosition definitionsAt;
  /** Commits the open round; set by the phase streaming the binlog while a DDL passes. */
  private Runnable closeRound = () -> {};

  JobTables(String job, JobDefinition definition, DdlPlanner planner, SourceCatalog catalog, Sink sink,
      ProgressStore progress) {
    this.job = job;
    this.definition = definition;
    this.planner = planner;
    this.catalog = catalog;
    this.applier = sink.schema();
    this.progress = progress;
    this.names = NameProperties.mapping(definition.properties());
    this.notSynced = new NotSynced(job);
    this.scope = JobScope.of(definition);
  }

  /** Restores the tables from the last schema snapshot, or on the first start reads and creates them. */
  void initialize() {
    if (initialized) {
      return;
    }
    Progress p = progress.current();
    if (p.schemaVersion() > 0) {
      byte[] snap = progress.schema(p.schemaVersion()).orElseThrow(() -> new IllegalStateException(
          "job " + job + ": schema snapshot " + p.schemaVersion() + " is missing from the state store"));
      restore(snap);
      reconcile();
    } else {
      firstStart();
    }
    initialized = true;
  }

  private void firstStart() {
    definitionsAt = catalog.head().orElse(null); // before the definitions: DDL after it is applied, never assumed
    Map<String, String> tables = new LinkedHashMap<>();
    Map<String, String> dbs = new LinkedHashMap<>();
    Map<String, List<String>> columns = new LinkedHashMap<>();
    List<String> schemas = scope.wholeDatabases().stream().anyMatch(ChannelSpec::isSchemaPattern)
        ? catalog.schemas() : List.of();
    for (ChannelSpec c : definition.channels()) {
      if (!c.isWholeDatabase()) {
        tables.put(c.source(), c.target());
        columns.put(c.source(), c.columns());
        continue;
      }
      for (String schema : c.isSchemaPattern() ? matching(c, schemas) : List.of(c.sourceSchema())) {
        dbs.put(schema, c.targetDatabaseOf(schema));
        for (String t : catalog.tables(schema)) {
          if (OnlineSchemaChange.isHelperTable(t)) {
            continue; // an online schema change under way
          }
          if (!c.filter().takes(t)) {
            LOG.info("job {}: {}.{} is not synced: {}", job, schema, t, c.filter().reason(t));
            continue;
          }
          tables.put(schema + "." + t, c.targetDatabaseOf(schema) + "." + (names.mapsTable(t) ? names.dorisTable(t)
              : t));
        }
      }
    }
    for (String source : List.copyOf(tables.keySet())) {
      String keyless = createIfMissing(source, tables.get(source), dbs.containsKey(split(source)[0]),
          columns.getOrDefault(source, List.of()));
      if (keyless != null) { // a keyless table does not stop a whole-database job: it is left out, visibly
        notSynced.add(source, "it cannot become a Doris table (" + keyless + "), so it is left out");
        tables.remove(source);
      }
    }
    rebind(new Bindings(tables, dbs));
    progress.commitSchema(snapshot(), progress.current().committed());
  }

  /** The schemas of the server that pattern {@code c} takes; one that two patterns match is refused by name. */
  private List<String> matching(ChannelSpec c, List<String> schemas) {
    List<String> out = new ArrayList<>();
    for (String s : schemas) {
      if (scope.mapping(s).filter(m -> m.isSchemaPattern()).isEmpty() || !c.coversSchema(s)) {
        continue;
      }
      ChannelSpec first = scope.mapping(s).get();
      if (!first.equals(c)) {
        throw new IllegalStateException("source database " + s + " of job " + job + " is matched by two schema "
            + "patterns, " + first + " and " + c + "; make them disjoint (STOP the job and create it again)");
      }
      out.add(s);
    }
    return out;
  }

  /**
   * After ALTER SYNC JOB ADD or DROP: a table channel of the definition the stored bindings lack (by Doris table) is
   * bound, its Doris table created as at a first start; a bound table of no channel any more is let go (its Doris
   * table is kept).
   */
  private void reconcile() {
    Map<String, String> tables = new LinkedHashMap<>(bindings.tables());
    java.util.Set<String> declared = new java.util.HashSet<>();
    boolean changed = false;
    for (ChannelSpec c : definition.channels()) {
      if (!c.isWholeDatabase()) {
        declared.add(c.target());
        if (!tables.containsValue(c.target())) {
          createIfMissing(c.source(), c.target(), false, c.columns());
          tables.put(c.source(), c.target());
          changed = true;
          LOG.info("job {}: {} joins the job", job, c);
        }
      }
    }
    for (Map.Entry<String, String> e : List.copyOf(tables.entrySet())) {
      if (!declared.contains(e.getValue()) && !bindings.databases().containsKey(split(e.getKey())[0])) {
        tables.remove(e.getKey());
        changed = true;
        LOG.info("job {}: {} left the job; its Doris table {} is kept", job, e.getKey(), e.getValue());
      }
    }
    if (changed) {
      rebind(new Bindings(tables, bindings.databases()));
      progress.commitSchema(snapshot(), progress.current().committed());
    }
  }

  /**
   * Creates {@code target} ({@code db.table}, absent) from {@code source}'s definition now, as a first start creates a
   * channel's table; the DDL planner tracks that definition from here on (an online copy's shadow table).
   */
  void createFromSource(String source, String target) {
    createIfMissing(source, target, false, List.of());
  }

  /**
   * Creates the Doris table of {@code source} unless it exists; returns why not when it has no key and comes from a
   * whole database (the job leaves it out), else null; any other refusal throws.
   */
  private String createIfMissing(String source, String target, boolean wholeDatabase, List<String> columns) {
    String[] src = split(source);
    String[] dst = split(target);
    String create = catalog.showCreateTable(src[0], src[1]).orElseThrow(() -> new IllegalStateException(
        "source table " + source + " of job " + job + " does not exist; create it or fix the job"));
    planner.track(src[0], src[1], create);
    if (applier.exists(dst[0], dst[1])) {
      return null;
    }
    DdlPlan plan = TargetColumns.only(planner.createTarget(src[0], src[1], dst[0], dst[1]), columns, source, target);
    SchemaPlan steps = plan instanceof DdlPlan.Apply a ? applier.plan(a.changes(), a.target()) : null;
    String refused = plan instanceof DdlPlan.Refuse r ? r.reason() + "; " + r.remedy()
        : steps instanceof SchemaPlan.Refused r ? r.reason() + "; " + r.remedy() : null;
    if (refused != null && wholeDatabase && keyless(plan)) {
      return refused;
    }
    if (refused != null) {
      throw new IllegalStateException("cannot create Doris table " + target + " for " + source + ": " + refused);
    }
    if (steps instanceof SchemaPlan.Steps s) {
      s.steps().forEach(applier::apply);
      LOG.info("job {}: created Doris table {} for {}", job, target, source);
    }
    return null;
  }

  private static boolean keyless(DdlPlan plan) {
    return plan instanceof DdlPlan.Apply a && a.changes().stream().anyMatch(c ->
        c instanceof org.binlogload.ddl.SchemaChange.CreateTable t && t.definition().keyColumns().isEmpty());
  }

  /** The runner's way to commit the open round before a DDL passes. */
  void closeRoundWith(Runnable r) {
    this.closeRound = r;
  }

  @Override
  public void closeRound() {
    closeRound.run();
  }

  @Override
  public Bindings bindings() {
    return bindings;
  }

  @Override
  public void checkDropped(List<String> dropped, DdlEvent d) {
    for (String s : dropped) {
      if (bindings.tables().containsKey(s) && !isWholeDatabase(s)) {
        throw new TableDroppedException("source table " + s + " of job " + job + " was dropped at " + d.position()
            + " [" + d.sql() + "]; the job is cancelled", null);
      }
    }
  }

  @Override
  public void rebind(Bindings next, DdlEvent d) {
    rebind(next);
  }

  @Override
  public void leftOut(Map<String, String> reasons, DdlEvent d) {
    reasons.forEach(notSynced::add); // a WARN each; SHOW SYNC JOB lists them
  }

  @Override
  public BinlogPosition definitionsAt() {
    return definitionsAt;
  }

  /** After the user skipped {@code ddl}: the table's definition as the source has it now, and a NOT SYNCED mark. */
  void skipped(DdlEvent ddl, String refusedReason) {
    if (ddl.table() == null || ddl.schema() == null) {
      return;
    }
    catalog.showCreateTable(ddl.schema(), ddl.table()).ifPresent(sql -> planner.track(ddl.schema(), ddl.table(), sql));
    String table = ddl.schema() + "." + ddl.table();
    if (isWholeDatabase(table) && !routes.containsKey(table) && !OnlineSchemaChange.isHelperTable(ddl.table())) {
      notSynced.add(table, "its DDL at " + ddl.position() + " was refused (" + refusedReason + ") and skipped by the "
          + "user, so it has no Doris table");
    }
  }

  /** The routes from {@code schema.table} to channels (live: rebinding updates it). */
  Map<String, Channel> routes() {
    return routes;
  }

  /** The channels, in binding order. */
  Collection<Channel> channels() {
    return channels.values();
  }

  /** The tables left out, with their reasons. */
  NotSynced notSynced() {
    return notSynced;
  }

  /** The channels' counters; safe from any thread. */
  List<ChannelStatus> statuses() {
    List<ChannelStatus> l = new ArrayList<>();
    for (Channel c : channelList) {
      l.add(c.status());
    }
    return l;
  }

  /** Forgets every buffered row (the source replays them). */
  void discardBuffered() {
    for (Channel c : channels.values()) {
      c.discard();
    }
  }

  private boolean isWholeDatabase(String source) {
    int dot = source.indexOf('.');
    return dot > 0 && bindings.databases().containsKey(source.substring(0, dot));
  }

  private static String[] split(String qualified) {
    int dot = qualified.indexOf('.');
    if (dot <= 0) {
      throw new IllegalArgumentException("'" + qualified + "' is not db.table");
    }
    return new String[] {qualified.substring(0, dot), qualified.substring(dot + 1)};
  }

  private void rebind(Bindings next) {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    for (ChannelSpec c : definition.channels()) {
      if (!c.isWholeDatabase()) {
        columns.put(c.target(), c.columns());
      }
    }
    Map<String, Channel> kept = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : next.tables().entrySet()) {
      String[] src = split(e.getKey());
      Channel c = channels.get(e.getValue());
      if (c == null) {
        String[] dst = split(e.getValue());
        c = new Channel(src[0], src[1], dst[0], dst[1], columns.getOrDefault(e.getValue(), List.of()), names);
      } else if (!c.source().equals(e.getKey())) {
        LOG.info("job {}: channel {} now reads {}", job, c, e.getKey());
      }
      c.bind(src[0], src[1]);
      kept.put(e.getValue(), c);
    }
    channels.clear();
    channels.putAll(kept);
    channelList = List.copyOf(kept.values());
    routes.clear();
    for (Channel c : channels.values()) {
      routes.put(c.source(), c);
      notSynced.remove(c.source());
    }
    bindings = next;
  }

  @Override
  public byte[] snapshot() {
    return new SchemaSnapshot(bindings, notSynced.reasons(), planner.snapshot(), definitionsAt).toBytes();
  }

  private void restore(byte[] bytes) {
    SchemaSnapshot s = SchemaSnapshot.fromBytes(bytes, job);
    planner.restore(s.planner());
    s.notSynced().forEach(notSynced::add);
    definitionsAt = s.definitionsAt();
    rebind(s.bindings());
  }
}
