package org.binlogload.connector.job;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.binlogload.connector.doris.DorisClient;

/** What a runtime (daemon or FE plugin) shares with every sync job: the Doris client, the task pool and the clock. */
public final class SyncEnvironment {
  private final DorisClient doris;
  private final ExecutorService taskPool;
  private final Clock clock;

  private SyncEnvironment(DorisClient doris, ExecutorService taskPool, Clock clock) {
    this.doris = Objects.requireNonNull(doris, "doris");
    this.taskPool = Objects.requireNonNull(taskPool, "taskPool");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** An environment of these parts. */
  public static SyncEnvironment of(DorisClient doris, ExecutorService taskPool, Clock clock) {
    return new SyncEnvironment(doris, taskPool, clock);
  }

  /** The Doris client, one per cluster, thread-safe. */
  public DorisClient doris() {
    return doris;
  }

  /** The one pool of load tasks across all jobs ({@code max_sync_task_threads_num} threads). */
  public ExecutorService taskPool() {
    return taskPool;
  }

  /** The clock. */
  public Clock clock() {
    return clock;
  }
}
