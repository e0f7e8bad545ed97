package org.binlogload.connector.host;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.job.DorisDatabaseValidator;
import org.binlogload.connector.job.DorisTargetInspector;
import org.binlogload.connector.job.JobManager;
import org.binlogload.connector.job.JobValidator;
import org.binlogload.connector.job.MySqlSourceValidator;
import org.binlogload.connector.job.StartResolver;
import org.binlogload.connector.job.SyncEngine;
import org.binlogload.connector.job.UniqueKeyTargetValidator;
import org.binlogload.connector.state.DorisStateStore;
import org.binlogload.connector.state.LocalStateStore;
import org.binlogload.connector.state.StateStore;
import org.binlogload.connector.sync.JdbcSourceCatalog;
import org.binlogload.ddl.TranslatorOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that builds binlog-load's object graph, for the standalone daemon and for the FE plugin alike.
 *
 * <p>A host holds what lives as long as the process: the Doris client, the task pool all jobs share, and the sync
 * engine ({@link SyncEngine.Provider} from {@code sync_runtime_provider} or ServiceLoader). {@link #serve} opens what
 * lives while this process runs the jobs (the daemon: always; the plugin: while its FE is master), as a
 * {@link Serving}: the state store, the job manager with its validators (which resumes the RUNNING jobs), the admin
 * API with {@code /metrics}, and the periodic status log.
 */
public final class Host implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Host.class);

  private final HostConfig config;
  private final JobValidator validatorOverride;
  private DorisClient doris;
  private ExecutorService taskPool;
  private SyncEngine engine;

  private Host(HostConfig config, JobValidator validatorOverride) {
    this.config = config;
    this.validatorOverride = validatorOverride;
  }

  /** A builder of a host over {@code config}. */
  public static Builder builder(HostConfig config) {
    return new Builder(config);
  }

  private void open(SyncEngine.Provider provider, String taskThreads) {
    doris = DorisClient.create(config.doris());
    AtomicInteger n = new AtomicInteger();
    taskPool = Executors.newFixedThreadPool(config.threads(), r -> {
      Thread t = new Thread(r, taskThreads + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    SyncEngine.Provider p = provider != null ? provider
        : SyncEngine.Provider.load(config.runtimeProvider(), Host.class.getClassLoader());
    engine = p.open(doris, taskPool, Clock.systemDefaultZone());
  }

  /** The Doris client the jobs share (also for the FE plugin's {@code SHOW FRONTENDS}). */
  public DorisClient doris() {
    return doris;
  }

  /**
   * Opens the state store and starts the job manager over it, which resumes every RUNNING job (or, with
   * {@code startPaused}, leaves it PAUSED); hands the manager to {@code prepare} (the daemon's job files); then serves
   * the admin API and starts the status log. Closing the result undoes all of it, in reverse.
   */
  public Serving serve(boolean startPaused, Consumer<JobManager> prepare) {
    Serving s = new Serving(config);
    try {
      s.store = openStateStore();
      s.manager = JobManager.builder().store(s.store).engine(engine).validator(validator())
          .startResolver(validatorOverride == null && config.validateJobs() ? new MySqlSourceValidator()
              : StartResolver.NONE)
          .startPaused(startPaused).build();
      s.manager.start();
      prepare.accept(s.manager);
      s.serveAdminAndStatus();
      return s;
    } catch (Throwable e) { // also what Netty throws undeclared (a BindException)
      s.close();
      throw e;
    }
  }

  private StateStore openStateStore() {
    if (config.stateStore().equals("local")) {
      return LocalStateStore.open(Objects.requireNonNull(config.stateDirectory(), "state directory"));
    }
    return DorisStateStore.open(config.doris(), config.stateDatabase(), config.stateTable(),
        config.stateReplication());
  }

  /** The checks of a new job: the override given, else (with {@code validate_jobs}) MySQL's and Doris's. */
  private JobValidator validator() {
    if (validatorOverride != null) {
      return validatorOverride;
    }
    if (!config.validateJobs()) {
      return JobValidator.NONE;
    }
    return new MySqlSourceValidator()
        .andThen(new UniqueKeyTargetValidator(new DorisTargetInspector(doris), JdbcSourceCatalog::definition))
        .andThen(new DorisDatabaseValidator(doris, () -> TranslatorOptions.defaults().replicationNum()));
  }

  /** Waits up to 30 s for the load tasks, then closes the Doris client. Close every {@link Serving} first. */
  @Override
  public void close() {
    if (taskPool != null) {
      taskPool.shutdown();
      try {
        if (!taskPool.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("load tasks still running after 30 s; stopping them");
          taskPool.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        taskPool.shutdownNow();
      }
    }
    if (doris != null) {
      doris.close();
    }
  }

  /** Builds a {@link Host}. */
  public static final class Builder {
    private final HostConfig config;
    private SyncEngine.Provider provider;
    private JobValidator validator;
    private String taskThreads = "binlog-load-task-";

    private Builder(HostConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** The engine's provider; by default the one {@code sync_runtime_provider} names, or ServiceLoader finds. */
    public Builder engine(SyncEngine.Provider p) {
      this.provider = p;
      return this;
    }

    /** Replaces the MySQL and Doris checks of new jobs, and the fixing of {@code latest} (tests); null: none. */
    public Builder validator(JobValidator v) {
      this.validator = v;
      return this;
    }

    /** The name of the task pool's threads, before their number. */
    public Builder taskThreads(String prefix) {
      this.taskThreads = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Opens the Doris client, the task pool and the engine. */
    public Host start() {
      Host h = new Host(config, validator);
      try {
        h.open(provider, taskThreads);
        return h;
      } catch (RuntimeException | LinkageError e) {
        h.close();
        throw e;
      }
    }
  }
}
