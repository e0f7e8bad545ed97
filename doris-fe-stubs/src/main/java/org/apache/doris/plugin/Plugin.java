package org.apache.doris.plugin;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * Stub of the Doris FE's plugin base class: the FE calls the public no-arg constructor, then
 * {@link #init(PluginInfo, PluginContext)} once (it must be idempotent), and {@link #close()} on uninstall or
 * shutdown.
 */
public abstract class Plugin implements Closeable {
  /** Default flags. */
  public static final int PLUGIN_DEFAULT_FLAGS = 0;
  /** Install the plugin early. */
  public static final int PLUGIN_INSTALL_EARLY = 1;
  /** Refuse dynamic uninstall. */
  public static final int PLUGIN_NOT_DYNAMIC_UNINSTALL = 2;

  /** Called once after construction. */
  public void init(PluginInfo info, PluginContext ctx) throws PluginException {
  }

  /** Called when the plugin is uninstalled or the FE stops. */
  @Override
  public void close() throws IOException {
  }

  /** The plugin's flags. */
  public int flags() {
    return PLUGIN_DEFAULT_FLAGS;
  }

  /** Sets a plugin variable. */
  public void setVariable(String key, String value) {
  }

  /** The plugin's variables. */
  public Map<String, String> variable() {
    return Map.of();
  }

  /** The plugin's status. */
  public Map<String, String> status() {
    return Map.of();
  }
}
