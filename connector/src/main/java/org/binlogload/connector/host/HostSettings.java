package org.binlogload.connector.host;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.binlogload.connector.Settings;

/**
 * The settings every host reads the same way, from {@code key = value} lines: the admin API, the task pool, the
 * engine provider, job validation and the Doris state store. The daemon and the FE plugin add their own keys.
 */
public abstract class HostSettings implements HostConfig {
  public static final String FE = "doris.fe_http_addresses";
  public static final String DORIS_USER = "doris.user";
  public static final String DORIS_PASSWORD = "doris.password";
  public static final String ADMIN_HOST = "admin_host";
  public static final String ADMIN_PORT = "admin_port";
  public static final String ADMIN_TOKEN = "admin_token";
  public static final String THREADS = "max_sync_task_threads_num";
  public static final String DEFAULT_DB = "default_database";
  public static final String VALIDATE = "validate_jobs";
  public static final String PROVIDER = "sync_runtime_provider";
  public static final String STATE_DB = "state_store.doris.database";
  public static final String STATE_REPLICATION = "state_store.doris.replication_num";

  /** The keys every host knows. */
  protected static final Set<String> COMMON = Set.of(FE, DORIS_USER, DORIS_PASSWORD, ADMIN_HOST, ADMIN_PORT,
      ADMIN_TOKEN, THREADS, DEFAULT_DB, VALIDATE, PROVIDER, STATE_DB, STATE_REPLICATION);

  private final Map<String, String> values;
  private final int defaultAdminPort;

  /**
   * Checks {@code values} against {@link #COMMON} plus {@code own} (the keys of {@code file}, named in the error) and
   * the shared ranges; the admin API listens on {@code defaultAdminPort} unless {@code admin_port} says otherwise.
   */
  protected HostSettings(Map<String, String> values, Set<String> own, String file, int defaultAdminPort) {
    Set<String> known = new TreeSet<>(COMMON);
    known.addAll(own);
    for (String k : values.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown setting '" + k + "' in " + file + "; known: " + known);
      }
    }
    this.values = Map.copyOf(values);
    this.defaultAdminPort = defaultAdminPort;
    adminPort();
    threads();
  }

  /** The value of {@code key}, or {@code dflt} when it is absent or empty. */
  protected final String get(String key, String dflt) {
    return Settings.get(values, key, dflt);
  }

  /** The integer value of {@code key} within {@code min..max}. */
  protected final int intValue(String key, int dflt, int min, int max) {
    return Settings.intValue(values, key, dflt, min, max);
  }

  /** The address the admin API binds ({@code admin_host}, default {@code 127.0.0.1}). */
  @Override
  public String adminHost() {
    return get(ADMIN_HOST, "127.0.0.1");
  }

  /** The admin API port ({@code admin_port}; 0 picks a free port). */
  @Override
  public int adminPort() {
    return intValue(ADMIN_PORT, defaultAdminPort, 0, 65535);
  }

  /** The token {@code /api/sql} and {@code /api/jobs} require as {@code Authorization: Bearer}, or null for none. */
  @Override
  public String adminToken() {
    return get(ADMIN_TOKEN, null);
  }

  /** Threads of the shared task pool ({@code max_sync_task_threads_num}, Doris's default 10). */
  @Override
  public int threads() {
    return intValue(THREADS, 10, 1, 1024);
  }

  /** The database for statements that name none, or null. */
  @Override
  public String defaultDatabase() {
    return get(DEFAULT_DB, null);
  }

  /** Whether new jobs are checked against MySQL and Doris before creation ({@code validate_jobs}, default true). */
  @Override
  public boolean validateJobs() {
    return Boolean.parseBoolean(get(VALIDATE, "true"));
  }

  /** The sync runtime provider class, or null for the one registered with ServiceLoader. */
  @Override
  public String runtimeProvider() {
    return get(PROVIDER, null);
  }

  /** The Doris database of the state table ({@code state_store.doris.database}, default {@code binlog_load_meta}). */
  @Override
  public String stateDatabase() {
    return get(STATE_DB, "binlog_load_meta");
  }

  /** Replicas of the state table when it is created ({@code state_store.doris.replication_num}, default 3). */
  @Override
  public int stateReplication() {
    return intValue(STATE_REPLICATION, 3, 1, 16);
  }

  /** {@code name{head, settings}} with the password and the admin token masked. */
  protected final String describe(String name, String head) {
    Map<String, String> shown = new TreeMap<>(values);
    shown.computeIfPresent(DORIS_PASSWORD, (k, v) -> "******");
    shown.computeIfPresent(ADMIN_TOKEN, (k, v) -> "******");
    return name + "{" + head + ", " + shown + "}";
  }
}
