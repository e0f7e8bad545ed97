package org.binlogload.connector.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import org.binlogload.connector.host.Host;
import org.binlogload.connector.host.Serving;
import org.binlogload.connector.job.JobManager;
import org.binlogload.connector.job.JobValidator;
import org.binlogload.connector.job.SyncEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone daemon: reads {@code conf/binlog-load.conf}, locks its data directory and runs a {@link Host}
 * (state store, job manager resuming RUNNING jobs, admin API, metrics, status log), applying {@code conf/jobs/*.sql}
 * before the admin API opens. SIGTERM (or {@link #close()}) stops it gracefully: jobs stop after their current round
 * and resume on next start.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final DaemonConfig config;
  private FileChannel lockChannel;
  private FileLock lock;
  private Host host;
  private Serving serving;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean closing;

  private Daemon(DaemonConfig config) {
    this.config = config;
  }

  /** Starts a daemon with the sync engine the configuration names (or ServiceLoader finds). */
  public static Daemon start(DaemonConfig config) {
    return start(config, false);
  }

  /** As {@link #start(DaemonConfig)}; with {@code paused}, every job that would resume is left PAUSED instead. */
  public static Daemon start(DaemonConfig config, boolean paused) {
    return start(config, null, null, paused);
  }

  /**
   * Starts a daemon with {@code provider} (null: the configured one); {@code validator} replaces the MySQL and Doris
   * checks of new jobs when not null (tests).
   */
  public static Daemon start(DaemonConfig config, SyncEngine.Provider provider, JobValidator validator) {
    return start(config, provider, validator, false);
  }

  /** As {@link #start(DaemonConfig, SyncEngine.Provider, JobValidator)}, optionally with every job left PAUSED. */
  public static Daemon start(DaemonConfig config, SyncEngine.Provider provider, JobValidator validator,
      boolean paused) {
    Daemon d = new Daemon(config);
    try {
      d.open(provider, validator, paused);
      return d;
    } catch (Throwable e) { // also what Netty throws undeclared (a BindException): the lock is released
      d.close();
      throw e;
    }
  }

  private void open(SyncEngine.Provider provider, JobValidator validator, boolean paused) {
    LOG.info("starting binlog-load daemon: {}", config);
    lockDataDirectory();
    host = Host.builder(config).engine(provider).validator(validator).taskThreads("sync-task-").start();
    serving = host.serve(paused, m -> JobFiles.apply(config.jobsDir(), m, config.defaultDatabase()));
    LOG.info("binlog-load daemon started: admin API on {}:{}, {} task threads, state in {}", config.adminHost(),
        serving.adminPort(), config.threads(), serving.store());
  }

  private void lockDataDirectory() {
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
  }

  /** The admin API port. */
  public int adminPort() {
    return serving.adminPort();
  }

  /** The job manager. */
  public JobManager jobs() {
    return serving.jobs();
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
    if (serving != null) {
      serving.close();
    }
    if (host != null) {
      host.close();
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
