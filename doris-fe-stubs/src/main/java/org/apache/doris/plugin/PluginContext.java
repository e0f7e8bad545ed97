package org.apache.doris.plugin;

/** Stub of what the FE tells a plugin about where it runs: its folder and the FE's identity ({@code ip_editlogPort}). */
public class PluginContext {
  private String pluginPath;
  private String feIdentity;

  /** A context; the FE fills it in. */
  public PluginContext() {
  }

  /** Sets the plugin's folder (the FE does this). */
  protected void setPluginPath(String pluginPath) {
    this.pluginPath = pluginPath;
  }

  /** Sets the FE identity (stub only: the FE computes it from its address and edit-log port). */
  protected void setFeIdentity(String feIdentity) {
    this.feIdentity = feIdentity;
  }

  /** The folder the plugin was installed into. */
  public String getPluginPath() {
    return pluginPath;
  }

  /** The identity of this FE, {@code <ip>_<edit_log_port>}. */
  public String getFeIdentity() {
    return feIdentity;
  }
}
