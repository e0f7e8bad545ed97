package org.binlogload.connector.state;

import java.util.regex.Pattern;

/** Checks and joins state-store keys: segments of {@code [A-Za-z0-9_.-]} separated by {@code /}. */
public final class StateKeys {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

  private StateKeys() {
  }

  /** Returns {@code key} if valid, or throws naming what is wrong. */
  public static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key is empty");
    }
    for (String seg : key.split("/", -1)) {
      if (!SEGMENT.matcher(seg).matches() || seg.equals(".") || seg.equals("..") || seg.startsWith(".tmp")) {
        throw new IllegalArgumentException("key '" + key + "' has an invalid segment '" + seg
            + "'; use [A-Za-z0-9_.-] segments separated by /");
      }
    }
    return key;
  }

  /** Returns {@code prefix} if it is empty or a valid key. */
  public static String checkPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix is null");
    }
    return prefix;
  }
}
