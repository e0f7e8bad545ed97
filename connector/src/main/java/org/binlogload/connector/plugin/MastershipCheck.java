package org.binlogload.connector.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tells whether this FE is the master, the only FE that may run sync jobs. The plugin API gives a plugin no such
 * call, so the default reads {@code SHOW FRONTENDS} through the FE's SQL endpoint and finds this FE's row by its
 * identity ({@code ip_editlogPort}, {@code PluginContext.getFeIdentity()}).
 */
@FunctionalInterface
public interface MastershipCheck {
  /** Whether this FE is the master now. */
  boolean isMaster();

  /**
   * Reads {@code SHOW FRONTENDS} rows (from {@code rows}) and answers {@code IsMaster} of the row whose
   * {@code Host} (or {@code IP}/{@code HostName} on older FEs) and {@code EditLogPort} match {@code feIdentity}.
   */
  static MastershipCheck showFrontends(String feIdentity, Supplier<List<Map<String, Object>>> rows) {
    int sep = feIdentity == null ? -1 : feIdentity.lastIndexOf('_');
    if (sep <= 0) {
      throw new IllegalArgumentException("FE identity '" + feIdentity + "' is not <ip>_<edit_log_port>");
    }
    String host = feIdentity.substring(0, sep);
    String port = feIdentity.substring(sep + 1);
    return () -> {
      List<Map<String, Object>> all = rows.get();
      for (Map<String, Object> r : all) {
        String editLogPort = String.valueOf(r.get("EditLogPort"));
        boolean hostMatches = host.equals(String.valueOf(r.get("Host"))) || host.equals(String.valueOf(r.get("IP")))
            || host.equals(String.valueOf(r.get("HostName")));
        if (hostMatches && port.equals(editLogPort)) {
          return "true".equalsIgnoreCase(String.valueOf(r.get("IsMaster")));
        }
      }
      throw new IllegalStateException("SHOW FRONTENDS lists no FE " + host + " with edit log port " + port + " ("
          + all.size() + " FEs); set master_check in plugin.conf");
    };
  }

  /** Master iff {@code file} holds this FE's identity (for an external failover manager, and tests). */
  static MastershipCheck file(Path file, String feIdentity) {
    return () -> {
      try {
        return Files.readString(file, StandardCharsets.UTF_8).trim().equals(feIdentity);
      } catch (NoSuchFileException e) {
        return false;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read master file " + file + ": " + e.getMessage(), e);
      }
    };
  }

  /** Always or never the master (a single-FE cluster, or an FE that must never run jobs). */
  static MastershipCheck fixed(boolean master) {
    return () -> master;
  }
}
