package org.binlogload.connector.daemon;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.binlogload.connector.Settings;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.host.HostSettings;
import org.binlogload.connector.state.DorisStateStore;

/** The daemon's settings from {@code conf/binlog-load.conf} ({@code key = value} lines); relative paths resolve against home. */
public final class DaemonConfig extends HostSettings {
  static final String DATA_DIR = "data_dir";
  static final String JOBS_DIR = "jobs_dir";
  static final String STATUS_LOG = "status_log_interval_second";
  static final String STATE_STORE = "state_store";
  static final String CONNECT_TIMEOUT = "doris.connect_timeout_second";
  static final String READ_TIMEOUT = "doris.read_timeout_second";

  private static final Set<String> OWN = Set.of(DATA_DIR, JOBS_DIR, STATUS_LOG, STATE_STORE, CONNECT_TIMEOUT,
      READ_TIMEOUT);

  private final Path home;

  private DaemonConfig(Path home, Map<String, String> values) {
    super(values, OWN, "binlog-load.conf", 8440);
    this.home = home.toAbsolutePath().normalize();
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
    return describe("DaemonConfig", "home=" + home);
  }
}
