package org.apache.doris.plugin;

/** Stub of the exception a plugin's {@code init} may throw. */
public class PluginException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public PluginException(String message) {
    super(message);
  }
}
