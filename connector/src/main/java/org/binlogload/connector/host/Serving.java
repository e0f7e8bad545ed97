package org.binlogload.connector.host;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.binlogload.connector.admin.AdminApi;
import org.binlogload.connector.admin.AdminServer;
import org.binlogload.connector.job.JobManager;
import org.binlogload.connector.metrics.StatusLogger;
import org.binlogload.connector.state.DorisStateStore;
import org.binlogload.connector.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link Host} runs while this process runs the jobs: the state store, the job manager, the admin API (with
 * {@code /metrics} and {@code /health}) and the status log. Made by {@link Host#serve}; {@link #close()} stops the
 * status log and the admin API, stops the jobs without changing their persisted states (the next start, or the next
 * master FE, resumes them), and closes the state store.
 */
public final class Serving implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Serving.class);

  private final HostConfig config;
  StateStore store;
  JobManager manager;
  private AdminServer admin;
  private ScheduledExecutorService status;
  private volatile boolean closing;

  Serving(HostConfig config) {
    this.config = config;
  }

  void serveAdminAndStatus() {
    admin = AdminServer.start(new AdminApi(manager, config.defaultDatabase(), config.adminToken()),
        config.adminHost(), config.adminPort());
    Duration every = config.statusLogInterval();
    if (!every.isZero()) {
      status = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "binlog-load-status");
        t.setDaemon(true);
        return t;
      });
      StatusLogger logger = new StatusLogger(manager::jobs);
      status.scheduleAtFixedRate(() -> {
        if (!closing) {
          logger.run();
        }
      }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The job manager. */
  public JobManager jobs() {
    return manager;
  }

  /** The state store. */
  public StateStore store() {
    return store;
  }

  /** The admin API's port. */
  public int adminPort() {
    return admin.port();
  }

  /** The admin API's {@code host:port}. */
  public String adminAddress() {
    return config.adminHost() + ":" + admin.port();
  }

  @Override
  public synchronized void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (status != null) {
      status.shutdownNow();
    }
    if (admin != null) {
      admin.close();
    }
    if (manager != null) {
      manager.close();
    }
    if (store instanceof DorisStateStore d) {
      try {
        d.close();
      } catch (RuntimeException e) {
        LOG.warn("closing the state store {} failed", store, e);
      }
    }
  }
}
