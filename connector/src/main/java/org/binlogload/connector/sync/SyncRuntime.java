package org.binlogload.connector.sync;

import org.binlogload.connector.job.SyncEnvironment;
import org.binlogload.connector.job.SyncJobFactory;
import org.binlogload.connector.job.SyncRuntimeProvider;

/**
 * The sync runtime as the daemon and the FE plugin load it ({@code sync_runtime_provider} or ServiceLoader):
 * {@link SyncJobs} over the environment's Doris client, task pool and clock.
 */
public final class SyncRuntime implements SyncRuntimeProvider {
  /** Creates the provider (public no-arg constructor, as ServiceLoader needs). */
  public SyncRuntime() {}

  @Override
  public SyncJobFactory factory(SyncEnvironment env) {
    return SyncJobs.builder().doris(env.doris()).pool(env.taskPool()).clock(env.clock()).build();
  }
}
