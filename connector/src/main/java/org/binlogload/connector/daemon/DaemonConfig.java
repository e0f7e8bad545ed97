package org.binlogload.connector.daemon;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.binlogload.connector.Settings;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.host.HostConfig;
import org.binlogload.connector.state.DorisStateStore;

/** The daemon's settings from {@code conf/binlog-load.conf} ({@code key = value} lines); relative paths resolve against home. */
public final class DaemonConfig implements HostConfig {
  static final String DATA_DIR = "data_dir";
  static final String ADMIN_HOST = "admin_host";
  static final String ADMIN_PORT = "admin_port";
  static final String ADMIN_TOKEN = "admin_token";
  static final String FE = "doris.fe_http_addresses";
  static final String DORIS_USER = "doris.user";
  static final String DORIS_PASSWORD = "doris.password";
  static final String THREADS = "max_sync_task_threads_num";
  static final String DEFAULT_DB = "default_database";
  static final String JOBS_DIR = "jobs_dir";
  static final String VALIDATE = "validate_jobs";
  static final String STATUS_LOG = "status_log_interval_second";
  static final String STATE_STORE = "state_store";
  static final String STATE_DB = "state_store.doris.database";
  static final String STATE_REPLICATION = "state_store.doris.replication_num";
  static final String PROVIDER = "sync_runtime_provider";
  static final String CONNECT_TIMEOUT = "doris.connect_timeout_second";
  static final String READ_TIMEOUT = "doris.read_timeout_second";

  private static final Set<String> KNOWN = Set.of(DATA_DIR, ADMIN_HOST, ADMIN_PORT, ADMIN_TOKEN, FE, DORIS_USER, DORIS_PASSWORD,
      THREADS, DEFAULT_DB, JOBS_DIR, VALIDATE, STATUS_LOG, STATE_STORE, STATE_DB, STATE_REPLICATION, PROVIDER,
      CONNECT_TIMEOUT, READ_TIMEOUT);

  private final Path home;
  private final Map<String, String> values;

  private DaemonConfig(Path home, Map<String, String> values) {
    this.home = home.toAbsolutePath().normalize();
    for (String k : values.keySet()) {
      if (!KNOWN.contains(k)) {
        throw new IllegalArgumentException("unknown setting '" + k + "' in binlog-load.conf; known: "
            + new TreeSet<>(KNOWN));
      }
    }
    this.values = Map.copyOf(values);
    adminPort();
    threads();
    statusLogInterval();
    String store = stateStore();
    if (!store.equals("local") && !store.equals("doris")) {
      throw new IllegalArgumentException(STATE_STORE + " '" + store + "' is not local or doris");
    }
  }

  /** Reads {@code file}; relative paths in it resolve against {@code home}. */
  public static DaemonConfig load(Path file, Path home) {
    if (!Files.exists(file)) {
      throw new UncheckedIOException("cannot read " + file + ": no such file", new java.io.FileNotFoundException(
          file.toString()));
    }
    return new DaemonConfig(home, Settings.read(file));
  }

  /** Settings from a map, for tests and embedding. */
  public static DaemonConfig of(Path home, Map<String, String> values) {
    return new DaemonConfig(home, values);
  }

  private String get(String key, String dflt) {
    return Settings.get(values, key, dflt);
  }


  private int intValue(String key, int dflt, int min, int max) {
    return Settings.intValue(values, key, dflt, min, max);
  }


  private Path path(String key, String dflt) {
    Path p = Path.of(get(key, dflt));
    return p.isAbsolute() ? p : home.resolve(p).normalize();
  }

  /** The installation directory. */
  public Path home() {
    return home;
  }

  /** Where the local state store keeps job definitions and positions ({@code data_dir}, default {@code data}). */
  public Path dataDir() {
    return path(DATA_DIR, "data");
  }

  /** The directory of job files applied at start ({@code jobs_dir}, default {@code conf/jobs}). */
  public Path jobsDir() {
    return path(JOBS_DIR, "conf/jobs");
  }

  /** The address the admin API binds ({@code admin_host}, default {@code 127.0.0.1}). */
  @Override
  public String adminHost() {
    return get(ADMIN_HOST, "127.0.0.1");
  }

  /** The admin API port ({@code admin_port}, default 8440; 0 picks a free port). */
  @Override
  public int adminPort() {
    return intValue(ADMIN_PORT, 8440, 0, 65535);
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

  /** How often per-job throughput and lag are logged ({@code status_log_interval_second}, default 30; 0 never). */
  @Override
  public Duration statusLogInterval() {
    return Duration.ofSeconds(intValue(STATUS_LOG, 30, 0, 86400));
  }

  /** {@code local} (default) or {@code doris}. */
  @Override
  public String stateStore() {
    return get(STATE_STORE, "local");
  }

  /** The Doris database of the state table when {@code state_store = doris}. */
  @Override
  public String stateDatabase() {
    return get(STATE_DB, "binlog_load_meta");
  }

  /** The local state store's directory: {@code state/} under {@link #dataDir()}. */
  @Override
  public Path stateDirectory() {
    return dataDir().resolve("state");
  }

  /** The state table when {@code state_store = doris}: always {@value DorisStateStore#DEFAULT_TABLE}. */
  @Override
  public String stateTable() {
    return DorisStateStore.DEFAULT_TABLE;
  }

  /** Replicas of the state table. */
  @Override
  public int stateReplication() {
    return intValue(STATE_REPLICATION, 3, 1, 16);
  }

  /** The sync runtime provider class, or null for the one registered with ServiceLoader. */
  @Override
  public String runtimeProvider() {
    return get(PROVIDER, null);
  }

  /** How to reach Doris. */
  @Override
  public DorisConfig doris() {
    String fe = get(FE, null);
    if (fe == null) {
      throw new IllegalArgumentException(FE + " is not set; give the FE HTTP addresses, e.g. " + FE
          + " = fe1:8030,fe2:8030");
    }
    return DorisConfig.builder().feAddresses(fe).user(get(DORIS_USER, "root")).password(get(DORIS_PASSWORD, ""))
        .connectTimeout(Duration.ofSeconds(intValue(CONNECT_TIMEOUT, 5, 1, 3600)))
        .readTimeout(Duration.ofSeconds(intValue(READ_TIMEOUT, 60, 1, 3600))).build();
  }

  /** The settings with the password masked. */
  @Override
  public String toString() {
    Map<String, String> shown = new java.util.TreeMap<>(values);
    shown.computeIfPresent(DORIS_PASSWORD, (k, v) -> "******");
    shown.computeIfPresent(ADMIN_TOKEN, (k, v) -> "******");
    return "DaemonConfig{home=" + home + ", " + shown + "}";
  }

  static List<String> known() {
    return List.copyOf(new TreeSet<>(KNOWN));
  }
}
