package org.binlogload.ddl;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Apache Doris's rules for database, table and column names, with and without the cluster's
 * {@code enable_unicode_name_support}; a name passes only if Doris 2.x and 3.x both accept it.
 *
 * <p>Facts from Doris's {@code FeNameFormat} and its object-identifier documentation:
 * <ul>
 *   <li>table: {@code ^[a-zA-Z][a-zA-Z0-9-_]*$}, at most 64 characters (FE config {@code table_name_length_limit});
 *       unicode mode adds letters of any script ({@code \p{L}}), still no leading digit or {@code _};</li>
 *   <li>database: {@code ^[a-zA-Z][a-zA-Z0-9-_]{0,63}$}; unicode mode adds {@code \p{L}};</li>
 *   <li>column, 1 to 256 characters: Doris 2.x wants the first one in {@code [_a-zA-Z@0-9\s/]} and the rest in
 *       {@code [.a-zA-Z0-9_+,-/?@#$%^&*"\s:]} (3.x accepts any of the latter first); unicode mode in 2.x allows
 *       {@code \p{L}} but drops whitespace, {@code "} and {@code :} (3.x made it a superset, so 2.x's is the one
 *       both accept); names starting with {@code mv_}, {@code mva_} or {@code __doris_shadow_} are refused, and
 *       CREATE TABLE refuses names starting with {@code __DORIS_} in any case (Doris's hidden columns).</li>
 * </ul>
 * Backticks, emoji and other symbols are in no rule; CJK and other scripts' letters pass only in unicode mode.
 */
public final class DorisNames {

  /** Longest table name Doris accepts by default (FE config {@code table_name_length_limit}). */
  public static final int MAX_TABLE_LENGTH = 64;
  /** Longest database name Doris accepts. */
  public static final int MAX_DATABASE_LENGTH = 64;
  /** Longest column name Doris accepts. */
  public static final int MAX_COLUMN_LENGTH = 256;
  /** Column-name prefixes Doris reserves for materialized views and schema-change shadow columns (case-sensitive). */
  public static final List<String> RESERVED_COLUMN_PREFIXES = List.of("mv_", "mva_", "__doris_shadow_");
  /** Column-name prefix of Doris's hidden columns, refused in any letter case. */
  public static final String HIDDEN_COLUMN_PREFIX = "__DORIS_";

  private static final DorisNames DEFAULT = new DorisNames(false);
  private static final DorisNames UNICODE = new DorisNames(true);
  private static final String COLUMN_SYMBOLS = ".+,-/?@#$%^&*_";

  private final boolean unicode;

  private DorisNames(boolean unicode) {
    this.unicode = unicode;
  }

  /** The rules of a cluster with {@code enable_unicode_name_support} on ({@code true}) or off (Doris's default). */
  public static DorisNames of(boolean unicode) {
    return unicode ? UNICODE : DEFAULT;
  }

  /** Whether these are the unicode-mode rules. */
  public boolean unicode() {
    return unicode;
  }

  /** Why Doris rejects {@code name} as a table name, or empty when it accepts it. */
  public Optional<String> tableProblem(String name) {
    return identifierProblem(name, "table", MAX_TABLE_LENGTH, name.length());
  }

  /** Why Doris rejects {@code name} as a database name, or empty when it accepts it. */
  public Optional<String> databaseProblem(String name) {
    return identifierProblem(name, "database", MAX_DATABASE_LENGTH, name.codePointCount(0, name.length()));
  }

  /** Why Doris rejects {@code name} as a column name, or empty when it accepts it. */
  public Optional<String> columnProblem(String name) {
    if (name.isEmpty()) {
      return Optional.of("is empty");
    }
    int length = name.codePointCount(0, name.length());
    if (length > MAX_COLUMN_LENGTH) {
      return Optional.of("is " + length + " characters long; Doris column names have at most " + MAX_COLUMN_LENGTH);
    }
    int first = name.codePointAt(0);
    if (!columnStart(first)) {
      return Optional.of("starts with " + describe(first) + "; a Doris column name starts with " + (unicode
          ? "a letter, a digit, '_' or '@'" : "a letter a-z or A-Z, a digit, '_', '@', '/' or a space"));
    }
    for (int i = Character.charCount(first); i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (!columnPart(cp)) {
        return Optional.of("contains " + describe(cp) + "; a Doris column name holds only " + (unicode
            ? "letters, digits and . + , - / ? @ # $ % ^ & * _" : "letters a-z and A-Z, digits, spaces and "
            + ". + , - / ? @ # $ % ^ & * _ \" :"));
      }
      i += Character.charCount(cp);
    }
    for (String p : RESERVED_COLUMN_PREFIXES) {
      if (name.startsWith(p)) {
        return Optional.of("starts with " + p + ", which Doris reserves (materialized views, schema-change shadow "
            + "columns)");
      }
    }
    if (name.toUpperCase(Locale.ROOT).startsWith(HIDDEN_COLUMN_PREFIX)) {
      return Optional.of("starts with " + HIDDEN_COLUMN_PREFIX + ", which Doris reserves for its hidden columns");
    }
    return Optional.empty();
  }

  private Optional<String> identifierProblem(String name, String what, int max, int length) {
    if (name.isEmpty()) {
      return Optional.of("is empty");
    }
    String rule = "a Doris " + what + " name starts with " + (unicode ? "a letter" : "a letter a-z or A-Z")
        + " and holds only " + (unicode ? "letters" : "letters a-z and A-Z") + ", digits, '-' and '_'";
    int first = name.codePointAt(0);
    if (!letter(first)) {
      return Optional.of("starts with " + describe(first) + "; " + rule);
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (!letter(cp) && !asciiDigit(cp) && cp != '-' && cp != '_') {
        return Optional.of("contains " + describe(cp) + "; " + rule);
      }
      i += Character.charCount(cp);
    }
    if (length > max) {
      return Optional.of("is " + length + " characters long; Doris " + what + " names have at most " + max);
    }
    return Optional.empty();
  }

  private boolean letter(int cp) {
    return asciiLetter(cp) || unicode && Character.isLetter(cp);
  }

  private boolean columnStart(int cp) {
    return letter(cp) || asciiDigit(cp) || cp == '_' || cp == '@' || !unicode && (space(cp) || cp == '/');
  }

  private boolean columnPart(int cp) {
    return letter(cp) || asciiDigit(cp) || COLUMN_SYMBOLS.indexOf(cp) >= 0
        || !unicode && (space(cp) || cp == '"' || cp == ':');
  }

  private static boolean asciiLetter(int cp) {
    return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z';
  }

  private static boolean asciiDigit(int cp) {
    return cp >= '0' && cp <= '9';
  }

  /** Java's (and so Doris's) regex {@code \s}: space, tab, newline, vertical tab, form feed, carriage return. */
  private static boolean space(int cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == 0x0B || cp == '\f' || cp == '\r';
  }

  /** A character as an error message shows it: {@code 'x'}, {@code '😀' (U+1F600)}, {@code a space}. */
  static String describe(int cp) {
    if (cp == ' ') {
      return "a space";
    }
    if (cp == '`') {
      return "a backtick";
    }
    String code = String.format(Locale.ROOT, "U+%04X", cp);
    if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.getType(cp) == Character.FORMAT) {
      return code;
    }
    return "'" + new String(Character.toChars(cp)) + "'" + (cp > 0x7E ? " (" + code + ")" : "");
  }
}
