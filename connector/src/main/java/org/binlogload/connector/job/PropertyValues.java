package org.binlogload.connector.job;

/**
 * The number rules of job statement properties, whose values are quoted strings: the messages name the property and
 * quote its value as written. The statement parser and {@link CommitPolicy} read numbers through here.
 */
final class PropertyValues {
  private PropertyValues() {
  }

  /** {@code text} (surrounding spaces allowed) as a non-negative integer of at most 18 digits. */
  static long nonNegative(String key, String text) {
    String s = text.trim();
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(key + " \"" + text + "\" is not a non-negative integer");
    }
    return Long.parseLong(s);
  }

  /** {@code text} as a positive integer of at most 18 digits. */
  static long positive(String key, String text) {
    long v = nonNegative(key, text);
    if (v <= 0) {
      throw new IllegalArgumentException(key + " is \"" + text + "\"; it must be a positive integer (1 or more)");
    }
    return v;
  }
}
