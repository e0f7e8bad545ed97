package org.binlogload.connector.plugin;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.doris.plugin.Plugin;
import org.apache.doris.plugin.PluginContext;
import org.apache.doris.plugin.PluginInfo;
import org.binlogload.connector.host.Host;
import org.binlogload.connector.host.Serving;
import org.binlogload.connector.job.JobSnapshot;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.state.DorisStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * binlog-load as a Doris FE plugin. The FE loads it on every FE; {@link #init} opens a {@link Host} (Doris client,
 * task pool, sync engine) and starts a periodic mastership check, and the FE that is master serves the jobs through
 * the host (state in Doris tables, see {@link DorisStateStore}, the job manager and the admin API). When mastership
 * moves, the old master stops its jobs and the new one resumes every RUNNING job from the shared state.
 */
public class BinlogLoadPlugin extends Plugin {
  private static final Logger LOG = LoggerFactory.getLogger(BinlogLoadPlugin.class);
  private static final int FAILURES_BEFORE_STEP_DOWN = 3;

  private final Object lock = new Object();
  private boolean initialized;
  private boolean closed;
  private String feIdentity;
  private PluginConfig config;
  private Host host;
  private MastershipCheck mastership;
  private ScheduledExecutorService scheduler;
  private int failures;
  private long handovers;
  private String lastError = "";
  private Serving serving; // while this FE is master

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
      host = Host.builder(config).start();
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
      return MastershipCheck.showFrontends(feIdentity, () -> host.doris().query("information_schema",
          "SHOW FRONTENDS").rowMaps());
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
        if (serving != null && failures >= FAILURES_BEFORE_STEP_DOWN) {
          LOG.warn("binlog-load: stopping jobs on FE {} after {} failed mastership checks", feIdentity, failures);
          stepDown();
        }
        return;
      }
      try {
        if (master && serving == null) {
          becomeMaster();
        } else if (!master && serving != null) {
          stepDown();
        }
      } catch (Exception e) { // also what Netty throws undeclared (a BindException): the check must go on
        lastError = String.valueOf(e.getMessage());
        LOG.error("binlog-load: taking over jobs on FE {} failed; retrying at the next check", feIdentity, e);
        stepDown();
      }
    }
  }

  private void becomeMaster() {
    LOG.info("binlog-load: FE {} is master; resuming jobs", feIdentity);
    serving = host.serve(false, manager -> { });
    handovers++;
    lastError = "";
  }

  private void stepDown() {
    if (serving != null) {
      LOG.info("binlog-load: FE {} stops its jobs (no longer master, or closing)", feIdentity);
      serving.close();
      serving = null;
    }
  }

  /** Whether this FE runs the jobs now. */
  public boolean isRunningJobs() {
    synchronized (lock) {
      return serving != null;
    }
  }

  /** The admin API port while this FE is master, else -1. */
  public int adminPort() {
    synchronized (lock) {
      return serving == null ? -1 : serving.adminPort();
    }
  }

  @Override
  public Map<String, String> status() {
    synchronized (lock) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("fe", String.valueOf(feIdentity));
      m.put("role", serving != null ? "master" : "standby");
      m.put("admin", serving == null ? "" : serving.adminAddress());
      m.put("takeovers", String.valueOf(handovers));
      if (serving != null) {
        List<JobSnapshot> jobs = serving.jobs().jobs();
        long running = jobs.stream().filter(j -> j.state() == JobState.RUNNING).count();
        m.put("jobs", String.valueOf(jobs.size()));
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
    if (host != null) {
      host.close();
    }
    LOG.info("binlog-load plugin closed on FE {}", feIdentity);
  }
}
