package org.binlogload.connector.host;

import java.nio.file.Path;
import java.time.Duration;
import org.binlogload.connector.doris.DorisConfig;

/**
 * The settings a {@link Host} needs, the same keys in {@code conf/binlog-load.conf} (the daemon's
 * {@code DaemonConfig}) and in {@code plugin.conf} (the FE plugin's {@code PluginConfig}).
 */
public interface HostConfig {
  /** How to reach Doris ({@code doris.*}). */
  DorisConfig doris();

  /** Threads of the one task pool all jobs share ({@code max_sync_task_threads_num}). */
  int threads();

  /** The sync engine's provider class ({@code sync_runtime_provider}), or null for the one ServiceLoader finds. */
  String runtimeProvider();

  /** Whether new jobs are checked against MySQL and Doris before they are created ({@code validate_jobs}). */
  boolean validateJobs();

  /** The database of statements that name none ({@code default_database}), or null. */
  String defaultDatabase();

  /** The address the admin API binds ({@code admin_host}). */
  String adminHost();

  /** The admin API's port ({@code admin_port}; 0 picks a free one). */
  int adminPort();

  /** The bearer token {@code /api/sql} and {@code /api/jobs} require ({@code admin_token}), or null for none. */
  String adminToken();

  /** How often each running job logs its throughput and lag; zero (the default) never. */
  default Duration statusLogInterval() {
    return Duration.ZERO;
  }

  /** Where job definitions and states live: {@code local} ({@link #stateDirectory()}) or {@code doris} (default). */
  default String stateStore() {
    return "doris";
  }

  /** The directory of the {@code local} state store, or null when there is none. */
  default Path stateDirectory() {
    return null;
  }

  /** The Doris database of the {@code doris} state store. */
  String stateDatabase();

  /** The Doris table of the {@code doris} state store. */
  String stateTable();

  /** The replicas of that table, when it is created. */
  int stateReplication();
}
