package org.binlogload.connector.plugin;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.doris.plugin.Plugin;
import org.apache.doris.plugin.PluginContext;
import org.apache.doris.plugin.PluginInfo;
import org.binlogload.connector.daemon.AdminApi;
import org.binlogload.connector.daemon.AdminServer;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.job.DorisTargetInspector;
import org.binlogload.connector.job.JobManager;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.JobValidator;
import org.binlogload.connector.job.MySqlSourceValidator;
import org.binlogload.connector.job.StartResolver;
import org.binlogload.connector.job.SyncEngine;
import org.binlogload.connector.job.DorisDatabaseValidator;
import org.binlogload.connector.job.UniqueKeyTargetValidator;
import org.binlogload.connector.sync.JdbcSourceCatalog;
import org.binlogload.connector.state.DorisStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * binlog-load as a Doris FE plugin. The FE loads it on every FE; {@link #init} only starts a periodic mastership
 * check, and the FE that is master runs the job manager (state in Doris tables, see {@link DorisStateStore}) and
 * the admin API. When mastership moves, the old master stops its jobs and the new one resumes every RUNNING job
 * from the shared state.
 */
public class BinlogLoadPlugin extends Plugin {
  private static final Logger LOG = LoggerFactory.getLogger(BinlogLoadPlugin.class);
  private static final int FAILURES_BEFORE_STEP_DOWN = 3;

  private final Object lock = new Object();
  private boolean initialized;
  private boolean closed;
  private String feIdentity;
  private PluginConfig config;
  private DorisClient doris;
  private ExecutorService taskPool;
  private SyncEngine engine;
  private MastershipCheck mastership;
  private ScheduledExecutorService scheduler;
  private int failures;
  private long handovers;
  private String lastError = "";

  // held while this FE is master
  private DorisStateStore store;
  private JobManager manager;
  private AdminServer admin;

  /** The constructor the FE calls. */
  public BinlogLoadPlugin() {
  }

  @Override
  public void init(PluginInfo info, PluginContext ctx) {
    synchronized (lock) {
      if (initialized) {
        return;
      }
      initialized = true;
      feIdentity = ctx.getFeIdentity();
      Path dir = Path.of(ctx.getPluginPath());
      config = PluginConfig.load(dir.resolve("plugin.conf"), feIdentity);
      LOG.info("binlog-load plugin {} initializing on FE {}: {}", info == null ? "" : info.getName(), feIdentity,
          config);
      DorisConfig dorisConfig = config.doris();
      doris = DorisClient.create(dorisConfig);
      AtomicInteger n = new AtomicInteger();
      taskPool = Executors.newFixedThreadPool(config.threads(), r -> {
        Thread t = new Thread(r, "binlog-load-task-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      engine = SyncEngine.Provider.load(config.runtimeProvider(), BinlogLoadPlugin.class.getClassLoader())
          .open(doris, taskPool, Clock.systemDefaultZone());
      mastership = mastershipCheck(config.masterCheck(), dir);
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "binlog-load-master-check");
        t.setDaemon(true);
        return t;
      });
      scheduler.scheduleWithFixedDelay(this::check, 0, config.masterInterval().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private MastershipCheck mastershipCheck(String mode, Path dir) {
    if (mode.equals("always")) {
      return MastershipCheck.fixed(true);
    }
    if (mode.equals("never")) {
      return MastershipCheck.fixed(false);
    }
    if (mode.startsWith("file:")) {
      Path p = Path.of(mode.substring("file:".length()));
      return MastershipCheck.file(p.isAbsolute() ? p : dir.resolve(p), feIdentity);
    }
    if (mode.equals("show_frontends")) {
      return MastershipCheck.showFrontends(feIdentity, () -> doris.query("information_schema", "SHOW FRONTENDS")
          .rowMaps());
    }
    throw new IllegalArgumentException("master_check '" + mode + "' is not show_frontends, always, never or "
        + "file:<path>");
  }

  /** One mastership check: start the jobs on becoming master, stop them on losing it. */
  void check() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      boolean master;
      try {
        master = mastership.isMaster();
        failures = 0;
      } catch (RuntimeException e) {
        failures++;
        lastError = String.valueOf(e.getMessage());
        LOG.warn("binlog-load: mastership check {} failed: {}", failures, e.getMessage());
        if (manager != null && failures >= FAILURES_BEFORE_STEP_DOWN) {
          LOG.warn("binlog-load: stopping jobs on FE {} after {} failed mastership checks", feIdentity, failures);
          stepDown();
        }
        return;
      }
      try {
        if (master && manager == null) {
          becomeMaster();
        } else if (!master && manager != null) {
          stepDown();
        }
      } catch (RuntimeException e) {
        lastError = String.valueOf(e.getMessage());
        LOG.error("binlog-load: taking over jobs on FE {} failed; retrying at the next check", feIdentity, e);
        stepDown();
      }
    }
  }

  private void becomeMaster() {
    LOG.info("binlog-load: FE {} is master; resuming jobs", feIdentity);
    store = DorisStateStore.open(config.doris(), config.stateDatabase(), config.stateTable(),
        config.stateReplication());
    JobValidator validator = config.validateJobs() ? new MySqlSourceValidator().andThen(
        new UniqueKeyTargetValidator(new DorisTargetInspector(doris), JdbcSourceCatalog::definition))
            .andThen(new DorisDatabaseValidator(doris,
                () -> org.binlogload.ddl.TranslatorOptions.defaults().replicationNum()))
        : JobValidator.NONE;
    manager = JobManager.builder().store(store).engine(engine).validator(validator)
        .startResolver(config.validateJobs() ? new MySqlSourceValidator() : StartResolver.NONE).build();
    manager.start();
    admin = AdminServer.start(new AdminApi(manager, config.defaultDatabase(), config.adminToken()), config.adminHost(),
        config.adminPort());
    handovers++;
    lastError = "";
  }

  private void stepDown() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
    if (manager != null) {
      LOG.info("binlog-load: FE {} stops its jobs (no longer master, or closing)", feIdentity);
      manager.close();
      manager = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }

  /** Whether this FE runs the jobs now. */
  public boolean isRunningJobs() {
    synchronized (lock) {
      return manager != null;
    }
  }

  /** The admin API port while this FE is master, else -1. */
  public int adminPort() {
    synchronized (lock) {
      return admin == null ? -1 : admin.port();
    }
  }

  @Override
  public Map<String, String> status() {
    synchronized (lock) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("fe", String.valueOf(feIdentity));
      m.put("role", manager != null ? "master" : "standby");
      m.put("admin", admin == null ? "" : config.adminHost() + ":" + admin.port());
      m.put("takeovers", String.valueOf(handovers));
      if (manager != null) {
        long running = manager.jobs().stream().filter(j -> j.state() == JobState.RUNNING).count();
        m.put("jobs", String.valueOf(manager.jobs().size()));
        m.put("running", String.valueOf(running));
      }
      m.put("lastError", lastError);
      return m;
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      s = scheduler;
      stepDown();
    }
    if (s != null) {
      s.shutdownNow();
      try {
        s.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (taskPool != null) {
      taskPool.shutdown();
      try {
        if (!taskPool.awaitTermination(30, TimeUnit.SECONDS)) {
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
    LOG.info("binlog-load plugin closed on FE {}", feIdentity);
  }
}
