package org.binlogload.connector.job;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A MySQL name, a glob ({@code tmp_*}, {@code ?} one character) or a {@code REGEXP "..."}, matched whole. */
public final class NamePattern {
  private final String text;
  private final boolean regexp;
  private final Pattern pattern;

  private NamePattern(String text, boolean regexp) {
    this.text = Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty name pattern");
    }
    this.regexp = regexp;
    try {
      this.pattern = Pattern.compile(regexp ? text : globToRegex(text));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("REGEXP \"" + text + "\" is not a valid regular expression: "
          + e.getDescription() + " near index " + e.getIndex() + "; write a Java regular expression, e.g. "
          + "REGEXP \"tmp_[0-9]+\"");
    }
  }

  /** A name or glob: {@code *} stands for any characters, {@code ?} for one; every other character is itself. */
  public static NamePattern glob(String glob) {
    return new NamePattern(glob, false);
  }

  /** A Java regular expression that must match the whole name. */
  public static NamePattern regexp(String regexp) {
    return new NamePattern(regexp, true);
  }

  /** Whether {@code name} matches, case-sensitively as MySQL names on Linux. */
  public boolean matches(String name) {
    return pattern.matcher(name).matches();
  }

  /** Whether this is a plain name (no wildcard), e.g. to check that a listed table exists. */
  public boolean isName() {
    return !regexp && text.indexOf('*') < 0 && text.indexOf('?') < 0;
  }

  /** The pattern as written (without REGEXP and quotes). */
  public String text() {
    return text;
  }

  /** Whether this is a regular expression. */
  public boolean isRegexp() {
    return regexp;
  }

  private static String globToRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        sb.append(".*");
      } else if (c == '?') {
        sb.append('.');
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamePattern p && text.equals(p.text) && regexp == p.regexp;
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, regexp);
  }

  /** {@code tmp_*} or {@code REGEXP "tmp_[0-9]+"}, as the grammar writes it. */
  @Override
  public String toString() {
    return regexp ? "REGEXP \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : text;
  }
}
