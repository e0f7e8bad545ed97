package org.binlogload.connector.plugin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.binlogload.connector.Settings;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.host.HostSettings;

/** The FE plugin's settings, from {@code plugin.conf} in the plugin's folder. */
public final class PluginConfig extends HostSettings {
  static final String STATE_TABLE = "state_store.doris.table";
  static final String MASTER_CHECK = "master_check";
  static final String MASTER_INTERVAL = "master_check_interval_second";

  private static final Set<String> OWN = Set.of(STATE_TABLE, MASTER_CHECK, MASTER_INTERVAL);

  private final String feIdentity;

  private PluginConfig(Map<String, String> values, String feIdentity) {
    super(values, OWN, "plugin.conf", 8441);
    this.feIdentity = feIdentity;
    masterInterval();
  }

  /** Reads {@code file} (absent: all defaults) for the FE {@code feIdentity}. */
  public static PluginConfig load(Path file, String feIdentity) {
    return new PluginConfig(Settings.read(file), feIdentity);
  }

  /** This FE's host, from its identity. */
  String feHost() {
    int sep = feIdentity == null ? -1 : feIdentity.lastIndexOf('_');
    return sep <= 0 ? "127.0.0.1" : feIdentity.substring(0, sep);
  }

  /** How to reach Doris; by default this FE's HTTP port 8030 as root. */
  @Override
  public DorisConfig doris() {
    return DorisConfig.builder().feAddresses(get(FE, feHost() + ":8030")).user(get(DORIS_USER, "root"))
        .password(get(DORIS_PASSWORD, "")).build();
  }

  /** The state table. */
  @Override
  public String stateTable() {
    return get(STATE_TABLE, "binlog_load_state");
  }

  /** {@code show_frontends} (default), {@code always}, {@code never} or {@code file:<path>}. */
  public String masterCheck() {
    return get(MASTER_CHECK, "show_frontends");
  }

  /** How often mastership is checked. */
  public Duration masterInterval() {
    return Duration.ofSeconds(intValue(MASTER_INTERVAL, 10, 1, 3600));
  }

  /** The settings with the password masked. */
  @Override
  public String toString() {
    return describe("PluginConfig", "fe=" + feIdentity);
  }
}
