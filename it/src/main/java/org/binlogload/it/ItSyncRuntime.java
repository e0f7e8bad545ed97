package org.binlogload.it;

import java.time.Duration;
import org.binlogload.connector.job.SyncEnvironment;
import org.binlogload.connector.job.SyncJobFactory;
import org.binlogload.connector.job.SyncRuntimeProvider;
import org.binlogload.connector.sync.SyncJobs;

/**
 * The real sync runtime ({@link SyncJobs}) as a {@link SyncRuntimeProvider}, for daemons started by the end-to-end
 * tests, the demo and the benchmark when the connector registers no provider of its own in META-INF/services.
 * It adds nothing: the jobs are {@code SyncJobs.builder()} jobs with the daemon's client, pool and clock.
 */
public final class ItSyncRuntime implements SyncRuntimeProvider {
  /** How long one binlog poll waits (bounds how fast pause and stop take effect). */
  static final Duration POLL = Duration.ofMillis(100);

  /** Public no-arg constructor, as the daemon's {@code sync_runtime_provider} setting needs. */
  public ItSyncRuntime() {
  }

  @Override
  public SyncJobFactory factory(SyncEnvironment env) {
    return SyncJobs.builder().doris(env.doris()).pool(env.taskPool()).clock(env.clock()).pollTimeout(POLL).build();
  }

  /**
   * The provider class a daemon should name: null when the connector registers one with ServiceLoader (the daemon
   * then finds it), else this class.
   */
  public static String providerSetting() {
    for (SyncRuntimeProvider p : java.util.ServiceLoader.load(SyncRuntimeProvider.class)) {
      return null;
    }
    return ItSyncRuntime.class.getName();
  }
}
