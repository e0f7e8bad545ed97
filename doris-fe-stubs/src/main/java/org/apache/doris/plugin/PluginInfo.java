package org.apache.doris.plugin;

/** Stub of a plugin's description as the FE reads it from {@code plugin.properties}. */
public class PluginInfo {
  /** The plugin types of the FE. */
  public enum PluginType {
    AUDIT,
    IMPORT,
    STORAGE,
    DIALECT
  }

  protected String name;
  protected PluginType type;
  protected String description;
  protected String className;
  protected String soName;
  protected String source;

  /** An empty description. */
  public PluginInfo() {
  }

  /** A description of a named plugin. */
  public PluginInfo(String name, PluginType type, String description) {
    this.name = name;
    this.type = type;
    this.description = description;
  }

  /** The plugin's name. */
  public String getName() {
    return name;
  }

  /** The plugin's type. */
  public PluginType getType() {
    return type;
  }

  /** The description. */
  public String getDescription() {
    return description;
  }

  /** The class the FE instantiates. */
  public String getClassName() {
    return className;
  }

  /** The native library name; empty for FE plugins. */
  public String getSoName() {
    return soName;
  }

  /** Where the plugin was installed from. */
  public String getSource() {
    return source;
  }
}
