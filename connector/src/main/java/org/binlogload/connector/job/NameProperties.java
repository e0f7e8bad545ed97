package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.binlogload.ddl.DorisNames;
import org.binlogload.ddl.NameMapping;
import org.binlogload.ddl.OptionHints;

/**
 * The job properties that give Doris names: {@code name_mapping} ({@code "src_table=doris_table,
 * src_table.column=doris_column"}, names with dots or spaces in backquotes) and {@code enable_unicode_name_support}
 * (the target cluster's setting, so the job knows which names Doris accepts).
 */
public final class NameProperties {
  /** {@code name_mapping}. */
  public static final String NAME_MAPPING = "name_mapping";
  /** {@code enable_unicode_name_support}. */
  public static final String UNICODE = "enable_unicode_name_support";
  /** How translator refusals name these properties. */
  public static final OptionHints HINTS = new OptionHints() {
    @Override
    public String mapTable(String sourceTable) {
      return "the job property \"" + NAME_MAPPING + "\" = \"" + quote(sourceTable) + "=<doris name>\" (STOP the job "
          + "and create it again with it)";
    }

    @Override
    public String mapColumn(String sourceTable, String column) {
      return "the job property \"" + NAME_MAPPING + "\" = \"" + quote(sourceTable) + "." + quote(column)
          + "=<doris name>\" (STOP the job and create it again with it)";
    }

    @Override
    public String unicodeNames() {
      return "the job property \"" + UNICODE + "\" = \"true\"";
    }
  };

  private NameProperties() {}

  /** Whether {@code properties} say the Doris cluster accepts unicode names. */
  public static boolean unicode(Map<String, String> properties) {
    return Boolean.parseBoolean(properties.getOrDefault(UNICODE, "false").trim());
  }

  /** The mapping {@code properties} give, or {@link NameMapping#none()}; throws IllegalArgumentException if bad. */
  public static NameMapping mapping(Map<String, String> properties) {
    String text = properties.get(NAME_MAPPING);
    return text == null ? NameMapping.none() : parse(text, unicode(properties));
  }

  /** Parses a {@code name_mapping} value, checking every Doris name against Doris's rules. */
  public static NameMapping parse(String text, boolean unicode) {
    DorisNames rules = DorisNames.of(unicode);
    NameMapping.Builder b = NameMapping.builder();
    int entries = 0;
    for (String entry : splitOutsideQuotes(text, ',')) {
      if (entry.isBlank()) {
        continue;
      }
      List<String> sides = splitOutsideQuotes(entry, '=');
      if (sides.size() != 2 || sides.get(0).isBlank() || sides.get(1).isBlank()) {
        throw new IllegalArgumentException(NAME_MAPPING + " entry \"" + entry.trim() + "\" is not source=doris_name "
            + "(table=doris_table or table.column=doris_column)");
      }
      List<String> source = splitOutsideQuotes(sides.get(0), '.');
      String target = unquote(sides.get(1));
      try {
        if (source.size() == 1) {
          problem(rules.tableProblem(target), "table", target, entry, unicode);
          b.table(unquote(source.get(0)), target);
        } else if (source.size() == 2) {
          problem(rules.columnProblem(target), "column", target, entry, unicode);
          b.column(unquote(source.get(0)), unquote(source.get(1)), target);
        } else {
          throw new IllegalArgumentException(NAME_MAPPING + " entry \"" + entry.trim() + "\": the source is table or "
              + "table.column; quote a name holding a dot in backquotes (`t.2`=t2)");
        }
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith(NAME_MAPPING)) {
          throw e;
        }
        throw new IllegalArgumentException(NAME_MAPPING + " entry \"" + entry.trim() + "\": " + e.getMessage(), e);
      }
      entries++;
    }
    if (entries == 0) {
      throw new IllegalArgumentException(NAME_MAPPING + " is empty; give source=doris_name entries or leave it out");
    }
    return b.build();
  }

  private static void problem(Optional<String> p, String kind, String name, String entry, boolean unicode) {
    if (p.isPresent()) {
      throw new IllegalArgumentException(NAME_MAPPING + " entry \"" + entry.trim() + "\": Doris rejects the " + kind
          + " name \"" + name + "\": " + p.get() + (unicode ? "" : " (with " + UNICODE + " false)"));
    }
  }

  private static List<String> splitOutsideQuotes(String s, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '`') {
        if (quoted && i + 1 < s.length() && s.charAt(i + 1) == '`') {
          cur.append("``");
          i++;
          continue;
        }
        quoted = !quoted;
      }
      if (c == sep && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException(NAME_MAPPING + " \"" + s.trim() + "\" has an unclosed backquote");
    }
    out.add(cur.toString());
    return out;
  }

  private static String unquote(String name) {
    String t = name.trim();
    return t.length() > 1 && t.startsWith("`") && t.endsWith("`") ? t.substring(1, t.length() - 1).replace("``", "`")
        : t;
  }

  private static String quote(String name) {
    return name.matches("[\\p{L}\\p{N}_$]+") ? name : "`" + name.replace("`", "``") + "`";
  }
}
