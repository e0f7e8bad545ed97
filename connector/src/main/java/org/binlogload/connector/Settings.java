package org.binlogload.connector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Reading of the daemon's and the FE plugin's settings files: trimmed values, defaults and range-checked integers. */
public final class Settings {
  private Settings() {}

  /** The settings of a properties file, keys and values trimmed; none when {@code file} is absent. */
  public static Map<String, String> read(Path file) {
    Map<String, String> m = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return m;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    for (String k : p.stringPropertyNames()) {
      m.put(k.trim(), p.getProperty(k).trim());
    }
    return m;
  }

  /** The value of {@code key}, or {@code dflt} when it is absent or empty. */
  public static String get(Map<String, String> values, String key, String dflt) {
    String v = values.get(key);
    return v == null || v.isEmpty() ? dflt : v;
  }

  /** The integer value of {@code key} within {@code min..max}; errors name the key and the value. */
  public static int intValue(Map<String, String> values, String key, int dflt, int min, int max) {
    String v = get(values, key, String.valueOf(dflt));
    int i;
    try {
      i = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " '" + v + "' is not an integer", e);
    }
    if (i < min || i > max) {
      throw new IllegalArgumentException(key + " " + i + " is out of range " + min + ".." + max);
    }
    return i;
  }
}
