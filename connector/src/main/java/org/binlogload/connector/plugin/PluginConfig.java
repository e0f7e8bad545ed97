package org.binlogload.connector.plugin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.binlogload.connector.Settings;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.host.HostConfig;

/** The FE plugin's settings, from {@code plugin.conf} in the plugin's folder. */
public final class PluginConfig implements HostConfig {
  static final String FE = "doris.fe_http_addresses";
  static final String USER = "doris.user";
  static final String PASSWORD = "doris.password";
  static final String STATE_DB = "state_store.doris.database";
  static final String STATE_TABLE = "state_store.doris.table";
  static final String STATE_REPLICATION = "state_store.doris.replication_num";
  static final String THREADS = "max_sync_task_threads_num";
  static final String MASTER_CHECK = "master_check";
  static final String MASTER_INTERVAL = "master_check_interval_second";
  static final String ADMIN_HOST = "admin_host";
  static final String ADMIN_PORT = "admin_port";
  static final String ADMIN_TOKEN = "admin_token";
  static final String DEFAULT_DB = "default_database";
  static final String VALIDATE = "validate_jobs";
  static final String PROVIDER = "sync_runtime_provider";

  private static final Set<String> KNOWN = Set.of(FE, USER, PASSWORD, STATE_DB, STATE_TABLE, STATE_REPLICATION,
      THREADS, MASTER_CHECK, MASTER_INTERVAL, ADMIN_HOST, ADMIN_PORT, ADMIN_TOKEN, DEFAULT_DB, VALIDATE, PROVIDER);

  private final Map<String, String> values;
  private final String feIdentity;

  private PluginConfig(Map<String, String> values, String feIdentity) {
    for (String k : values.keySet()) {
      if (!KNOWN.contains(k)) {
        throw new IllegalArgumentException("unknown setting '" + k + "' in plugin.conf; known: " + new TreeSet<>(KNOWN));
      }
    }
    this.values = Map.copyOf(values);
    this.feIdentity = feIdentity;
    threads();
    adminPort();
    masterInterval();
  }

  /** Reads {@code file} (absent: all defaults) for the FE {@code feIdentity}. */
  public static PluginConfig load(Path file, String feIdentity) {
    return new PluginConfig(Settings.read(file), feIdentity);
  }

  private String get(String key, String dflt) {
    return Settings.get(values, key, dflt);
  }


  private int intValue(String key, int dflt, int min, int max) {
    return Settings.intValue(values, key, dflt, min, max);
  }


  /** This FE's host, from its identity. */
  String feHost() {
    int sep = feIdentity == null ? -1 : feIdentity.lastIndexOf('_');
    return sep <= 0 ? "127.0.0.1" : feIdentity.substring(0, sep);
  }

  /** How to reach Doris; by default this FE's HTTP port 8030 as root. */
  @Override
  public DorisConfig doris() {
    return DorisConfig.builder().feAddresses(get(FE, feHost() + ":8030")).user(get(USER, "root"))
        .password(get(PASSWORD, "")).build();
  }

  /** The database of the state table. */
  @Override
  public String stateDatabase() {
    return get(STATE_DB, "binlog_load_meta");
  }

  /** The state table. */
  @Override
  public String stateTable() {
    return get(STATE_TABLE, "binlog_load_state");
  }

  /** Replicas of the state table. */
  @Override
  public int stateReplication() {
    return intValue(STATE_REPLICATION, 3, 1, 16);
  }

  /** Threads of the shared task pool. */
  @Override
  public int threads() {
    return intValue(THREADS, 10, 1, 1024);
  }

  /** {@code show_frontends} (default), {@code always}, {@code never} or {@code file:<path>}. */
  public String masterCheck() {
    return get(MASTER_CHECK, "show_frontends");
  }

  /** How often mastership is checked. */
  public Duration masterInterval() {
    return Duration.ofSeconds(intValue(MASTER_INTERVAL, 10, 1, 3600));
  }

  /** The admin API address on the master FE. */
  @Override
  public String adminHost() {
    return get(ADMIN_HOST, "127.0.0.1");
  }

  /** The admin API port on the master FE (default 8441; 0 picks one). */
  @Override
  public int adminPort() {
    return intValue(ADMIN_PORT, 8441, 0, 65535);
  }

  /** The admin API's bearer token, or null for none. */
  @Override
  public String adminToken() {
    return get(ADMIN_TOKEN, null);
  }

  /** The database of statements that name none, or null. */
  @Override
  public String defaultDatabase() {
    return get(DEFAULT_DB, null);
  }

  /** Whether new jobs are checked against MySQL and Doris. */
  @Override
  public boolean validateJobs() {
    return Boolean.parseBoolean(get(VALIDATE, "true"));
  }

  /** The sync runtime provider class, or null for ServiceLoader's. */
  @Override
  public String runtimeProvider() {
    return get(PROVIDER, null);
  }

  /** The settings with the password masked. */
  @Override
  public String toString() {
    Map<String, String> shown = new java.util.TreeMap<>(values);
    shown.computeIfPresent(PASSWORD, (k, v) -> "******");
    shown.computeIfPresent(ADMIN_TOKEN, (k, v) -> "******");
    return "PluginConfig{fe=" + feIdentity + ", " + shown + "}";
  }
}
