package org.binlogload.connector.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.job.DorisTargetInspector;
import org.binlogload.connector.job.JobManager;
import org.binlogload.connector.job.JobValidator;
import org.binlogload.connector.job.MySqlSourceValidator;
import org.binlogload.connector.job.StartResolver;
import org.binlogload.connector.job.SyncEngine;
import org.binlogload.connector.job.DorisDatabaseValidator;
import org.binlogload.connector.job.UniqueKeyTargetValidator;
import org.binlogload.connector.sync.JdbcSourceCatalog;
import org.binlogload.connector.metrics.StatusLogger;
import org.binlogload.connector.state.DorisStateStore;
import org.binlogload.connector.state.LocalStateStore;
import org.binlogload.connector.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone daemon: reads {@code conf/binlog-load.conf}, opens the state store, starts the job manager (which
 * resumes RUNNING jobs), applies {@code conf/jobs/*.sql}, serves the admin API and logs per-job throughput and lag.
 * SIGTERM (or {@link #close()}) stops it gracefully: jobs stop after their current round and resume on next start.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final DaemonConfig config;
  private FileChannel lockChannel;
  private FileLock lock;
  private DorisClient doris;
  private StateStore store;
  private ExecutorService taskPool;
  private JobManager manager;
  private AdminServer server;
  private ScheduledExecutorService scheduler;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean closing;

  private boolean startPaused;

  private Daemon(DaemonConfig config) {
    this.config = config;
  }

  /** Starts a daemon with the sync runtime the configuration names (or ServiceLoader finds). */
  public static Daemon start(DaemonConfig config) {
    return start(config, false);
  }

  /** As {@link #start(DaemonConfig)}; with {@code paused}, every job that would resume is left PAUSED instead. */
  public static Daemon start(DaemonConfig config, boolean paused) {
    return start(config, SyncEngine.Provider.load(config.runtimeProvider(), Daemon.class.getClassLoader()), null,
        paused);
  }

  /**
   * Starts a daemon with {@code provider}; {@code validator} replaces the MySQL and Doris checks of new jobs when
   * not null (tests).
   */
  public static Daemon start(DaemonConfig config, SyncEngine.Provider provider, JobValidator validator) {
    return start(config, provider, validator, false);
  }

  /** As {@link #start(DaemonConfig, SyncEngine.Provider, JobValidator)}, optionally with every job left PAUSED. */
  public static Daemon start(DaemonConfig config, SyncEngine.Provider provider, JobValidator validator,
      boolean paused) {
    Daemon d = new Daemon(config);
    d.startPaused = paused;
    try {
      d.open(provider, validator);
      return d;
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
  }

  private void open(SyncEngine.Provider provider, JobValidator validatorOverride) {
    LOG.info("starting binlog-load daemon: {}", config);
    Path data = config.dataDir();
    try {
      Files.createDirectories(data);
      lockChannel = FileChannel.open(data.resolve("daemon.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = lockChannel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null; // held by another daemon in this JVM
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock data directory " + data + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      throw new IllegalStateException("another binlog-load daemon uses data directory " + data
          + "; stop it (bin/binlog-load stop) or set data_dir to another directory");
    }
    DorisConfig dorisConfig = config.doris();
    doris = DorisClient.create(dorisConfig);
    store = config.stateStore().equals("doris")
        ? DorisStateStore.open(dorisConfig, config.stateDatabase(), DorisStateStore.DEFAULT_TABLE,
            config.stateReplication())
        : LocalStateStore.open(data.resolve("state"));
    AtomicInteger n = new AtomicInteger();
    taskPool = Executors.newFixedThreadPool(config.threads(), r -> {
      Thread t = new Thread(r, "sync-task-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    JobValidator validator = validatorOverride != null ? validatorOverride
        : config.validateJobs() ? new MySqlSourceValidator().andThen(
            new UniqueKeyTargetValidator(new DorisTargetInspector(doris), JdbcSourceCatalog::definition))
            .andThen(new DorisDatabaseValidator(doris,
                () -> org.binlogload.ddl.TranslatorOptions.defaults().replicationNum()))
        : JobValidator.NONE;
    StartResolver resolver = validatorOverride == null && config.validateJobs() ? new MySqlSourceValidator()
        : StartResolver.NONE;
    manager = JobManager.builder().store(store).engine(provider.open(doris, taskPool, Clock.systemDefaultZone())).validator(validator)
        .startResolver(resolver).startPaused(startPaused).build();
    manager.start();
    JobFiles.apply(config.jobsDir(), manager, config.defaultDatabase());
    server = AdminServer.start(new AdminApi(manager, config.defaultDatabase(), config.adminToken()), config.adminHost(),
        config.adminPort());
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "daemon-status");
      t.setDaemon(true);
      return t;
    });
    Duration every = config.statusLogInterval();
    if (!every.isZero()) {
      StatusLogger status = new StatusLogger(manager::jobs);
      scheduler.scheduleAtFixedRate(() -> {
        if (!closing) {
          status.run();
        }
      }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
    LOG.info("binlog-load daemon started: admin API on {}:{}, {} task threads, state in {}", config.adminHost(),
        server.port(), config.threads(), store);
  }

  /** The admin API port. */
  public int adminPort() {
    return server.port();
  }

  /** The job manager. */
  public JobManager jobs() {
    return manager;
  }

  /** Blocks until the daemon is closed. */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  @Override
  public synchronized void close() {
    if (closing) {
      return;
    }
    closing = true;
    LOG.info("stopping binlog-load daemon");
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
    if (manager != null) {
      manager.close();
    }
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
    if (store instanceof DorisStateStore d) {
      d.close();
    }
    if (doris != null) {
      doris.close();
    }
    try {
      if (lock != null) {
        lock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException e) {
      LOG.warn("releasing the data directory lock failed", e);
    }
    LOG.info("binlog-load daemon stopped");
    closed.countDown();
  }

  /**
   * Runs the daemon in the foreground until SIGTERM or SIGINT: {@code Daemon [--home DIR] [--conf FILE] [--paused]}
   * (defaults: home from {@code -Dbinlogload.home} or the current directory, conf {@code HOME/conf/binlog-load.conf}).
   */
  public static void main(String[] args) throws InterruptedException {
    Path home = Path.of(System.getProperty("binlogload.home", "."));
    Path conf = null;
    boolean paused = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--paused")) {
        paused = true;
      } else if (args[i].equals("--home") && i + 1 < args.length) {
        home = Path.of(args[++i]);
      } else if (args[i].equals("--conf") && i + 1 < args.length) {
        conf = Path.of(args[++i]);
      } else {
        System.err.println("usage: Daemon [--home DIR] [--conf FILE] [--paused]");
        System.exit(2);
      }
    }
    if (conf == null) {
      conf = home.resolve("conf/binlog-load.conf");
    }
    Daemon d;
    try {
      d = start(DaemonConfig.load(conf, home), paused);
    } catch (RuntimeException e) {
      LOG.error("binlog-load daemon did not start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(d::close, "daemon-shutdown"));
    d.awaitClose();
  }
}
