package org.binlogload.connector.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.binlogload.canal.EmbeddedCanal;
import org.binlogload.canal.StartPosition;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.NameProperties;
import org.binlogload.connector.job.SourceSpec;
import org.binlogload.connector.job.SyncEngine;
import org.binlogload.connector.sink.doris.DorisSink;
import org.binlogload.connector.snapshot.DorisChunkLoader;
import org.binlogload.connector.snapshot.SourceConnections;
import org.binlogload.connector.state.StateStore;
import org.binlogload.ddl.TranslatorOptions;

/**
 * The real {@link SyncEngine}: each job is a {@link SyncJob} reading its own {@link EmbeddedCanal} (state under
 * {@code canal/} of the job's store) and loading through the shared {@link DorisClient} on the shared task pool, with
 * a {@link TranslatorPlanner} for DDL. Hosts find it through {@link Provider} (registered with ServiceLoader).
 *
 * <p>Canal reads the whole source schema of each channel ({@code schema.*}), not only the named tables, so that
 * RENAME TABLE and online schema-change helper tables are seen; rows of other tables are dropped by the job. A job
 * with a schema pattern ({@code shop_*.*}) reads every schema, so that databases created later are seen from their
 * first statement.
 * The replica server id is {@code mysql.server_id}, or {@link #DEFAULT_SERVER_ID_BASE} plus the job id.
 * Job properties read here: {@code replication_num} and {@code buckets} of created Doris tables,
 * {@code tinyint1_as_boolean}, {@code lower_case_table_names}.
 */
public final class CanalDorisEngine implements SyncEngine {
  /** Server ids of jobs without {@code mysql.server_id} are this plus the job id. */
  public static final long DEFAULT_SERVER_ID_BASE = 1_000_000L;

  private final DorisClient doris;
  private final ExecutorService pool;
  private final TranslatorOptions translatorOptions;
  private final Duration schemaChangeTimeout;
  private final Clock clock;
  private final Duration pollTimeout;
  private final java.util.function.UnaryOperator<Sink> sinkDecorator;

  private CanalDorisEngine(Builder b) {
    this.doris = Objects.requireNonNull(b.doris, "doris");
    this.pool = Objects.requireNonNull(b.pool, "pool");
    this.translatorOptions = b.translatorOptions;
    this.schemaChangeTimeout = b.schemaChangeTimeout;
    this.clock = b.clock;
    this.pollTimeout = b.pollTimeout;
    this.sinkDecorator = b.sinkDecorator;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** As {@link #create(long, JobDefinition, StateStore, Listener)} with no listener (tests and tools). */
  public SyncJob create(long jobId, JobDefinition def, StateStore jobState) {
    return create(jobId, def, jobState, Listener.NONE);
  }

  @Override
  public SyncJob create(long jobId, JobDefinition def, StateStore jobState, Listener listener) {
    SourceSpec s = def.source();
    Set<String> include = new LinkedHashSet<>();
    for (ChannelSpec c : def.channels()) {
      include.add(c.sourceSchema() + ".*");
    }
    if (def.channels().stream().anyMatch(ChannelSpec::isSchemaPattern)) {
      include.clear(); // every schema: the job's scope decides
    }
    long serverId = s.serverId().orElse(DEFAULT_SERVER_ID_BASE + jobId);
    StateStore canalState = jobState.scoped("canal");
    TranslatorOptions options = options(def.properties());
    CanalSource source = new CanalSource(() -> EmbeddedCanal.builder().name("job" + jobId).host(s.host())
        .port(s.port()).user(s.user()).password(s.password()).serverId(serverId)
        .include(include.toArray(new String[0])).startPosition(start(s, jobState))
        .store(canalState).ringEntries(def.commitPolicy().ringEntries()).ringBytes(def.commitPolicy().ringBytes())
        .build());
    return SyncJob.builder().jobId(jobId).definition(def).state(jobState).source(() -> source)
        .sink(sinkDecorator.apply(new DorisSink(doris, options, schemaChangeTimeout)))
        .planner(new TranslatorPlanner(options, JobScope.of(def)))
        .catalog(new JdbcSourceCatalog(s.host(), s.port(), s.user(), s.password()))
        .snapshot(new SourceConnections(s.host(), s.port(), s.user(), s.password()), new DorisChunkLoader(doris))
        .copyTargets(new ShadowTables(doris)).pool(pool).clock(clock).pollTimeout(pollTimeout).listener(listener)
        .build();
  }

  /** Where the binlog reader starts: the job's start position, or for {@code initial} the snapshot's W0. */
  private static StartPosition start(SourceSpec s, StateStore jobState) {
    if (!s.snapshots()) {
      return StartPosition.parse(s.startPosition());
    }
    String w0 = SnapshotPhase.handover(jobState).orElseThrow(() -> new IllegalStateException("job reads the binlog "
        + "of " + s.address() + " before its snapshot stored the position to read it from"));
    int colon = w0.lastIndexOf(':');
    return StartPosition.at(w0.substring(0, colon), Long.parseLong(w0.substring(colon + 1)));
  }

  private TranslatorOptions options(Map<String, String> p) {
    TranslatorOptions.Builder b = translatorOptions.toBuilder();
    if (p.containsKey("replication_num")) {
      b.replicationNum(Integer.parseInt(p.get("replication_num").trim()));
    }
    if (p.containsKey("buckets")) {
      b.buckets(Integer.parseInt(p.get("buckets").trim()));
    }
    if (p.containsKey("tinyint1_as_boolean")) {
      b.tinyInt1AsBoolean(Boolean.parseBoolean(p.get("tinyint1_as_boolean").trim()));
    }
    if (p.containsKey("lower_case_table_names")) {
      b.lowerCaseTableNames(Integer.parseInt(p.get("lower_case_table_names").trim()));
    }
    b.unicodeNames(NameProperties.unicode(p)).nameMapping(NameProperties.mapping(p))
        .optionHints(NameProperties.HINTS);
    return b.build();
  }

  /** The engine as hosts load it ({@code sync_runtime_provider} or ServiceLoader), over the host's parts. */
  public static final class Provider implements SyncEngine.Provider {
    /** Creates the provider (public no-arg constructor, as ServiceLoader needs). */
    public Provider() {}

    @Override
    public CanalDorisEngine open(DorisClient doris, ExecutorService taskPool, Clock clock) {
      return builder().doris(doris).pool(taskPool).clock(clock).build();
    }
  }

  /** Builds {@link CanalDorisEngine}. */
  public static final class Builder {
    private DorisClient doris;
    private ExecutorService pool;
    private TranslatorOptions translatorOptions = TranslatorOptions.defaults();
    private Duration schemaChangeTimeout = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private Duration pollTimeout = Duration.ofMillis(200);
    private java.util.function.UnaryOperator<Sink> sinkDecorator = java.util.function.UnaryOperator.identity();

    private Builder() {}

    /** Wraps each job's Doris sink (metrics, fault injection in tests); identity by default. */
    public Builder decorateSink(java.util.function.UnaryOperator<Sink> decorator) {
      this.sinkDecorator = Objects.requireNonNull(decorator, "decorator");
      return this;
    }

    /** The Doris client shared by all jobs. */
    public Builder doris(DorisClient c) {
      this.doris = c;
      return this;
    }

    /** The task pool shared by all jobs: {@code max_sync_task_threads_num} threads. */
    public Builder pool(ExecutorService p) {
      this.pool = p;
      return this;
    }

    /** Base options of the DDL translator (job properties override some). */
    public Builder translatorOptions(TranslatorOptions o) {
      this.translatorOptions = Objects.requireNonNull(o, "translatorOptions");
      return this;
    }

    /** How long a heavy Doris schema change may take before the job pauses (default 1 h). */
    public Builder schemaChangeTimeout(Duration d) {
      this.schemaChangeTimeout = Objects.requireNonNull(d, "schemaChangeTimeout");
      return this;
    }

    /** The clock. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** How long one poll of the binlog waits; bounds how fast pause and stop take effect (default 200 ms). */
    public Builder pollTimeout(Duration d) {
      this.pollTimeout = Objects.requireNonNull(d, "pollTimeout");
      return this;
    }

    /** The engine. */
    public CanalDorisEngine build() {
      return new CanalDorisEngine(this);
    }
  }
}
