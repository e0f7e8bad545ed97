package org.binlogload.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the DDL corpus in {@code src/test/resources/corpus}: each file is a sequence of statements replayed in
 * order (table definitions carried from one statement to the next, as the connector does), each followed by its
 * expected Doris statements ({@code = sql}, with the notes next to them as {@code ~ text}), its expected no-op
 * reason ({@code ~ text}) or its expected refusal reason ({@code ! text}), and the backfills the translation
 * reports ({@code & REASON table (columns)}, exactly). Every emitted statement must also pass
 * {@link DorisSqlValidator}, and every refusal must name a remedy.
 *
 * <p>With {@code -Dcorpus.regenerate=true} the expectations are rewritten from the current output instead (for
 * review in the diff).
 */
class CorpusTest {

  static final List<String> FILES = List.of("mysql57.ddl", "mysql80.ddl", "mariadb.ddl", "types.ddl",
      "identifiers.ddl", "online-schema-change.ddl", "noops.ddl", "refusals.ddl");

  /** One statement of the corpus with its expectation. */
  record Case(String file, int line, String schema, String options, String sql, List<String> expected,
              boolean refusedKeepsState) {
  }

  static List<Case> read(String file) throws IOException {
    List<Case> cases = new ArrayList<>();
    String schema = null;
    String options = "";
    boolean keep = true;
    List<String> lines;
    try (InputStream in = CorpusTest.class.getResourceAsStream("/corpus/" + file)) {
      assertThat(in).as(file).isNotNull();
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    StringBuilder sql = new StringBuilder();
    int start = 0;
    List<String> expected = new ArrayList<>();
    for (int i = 0; i <= lines.size(); i++) {
      String l = i < lines.size() ? lines.get(i) : "";
      boolean expectation = l.startsWith("= ") || l.startsWith("~ ") || l.startsWith("! ") || l.startsWith("& ");
      if (expectation) {
        expected.add(l);
        continue;
      }
      if (!expected.isEmpty() || sql.length() > 0 && (i == lines.size() || l.isBlank())) {
        cases.add(new Case(file, start, schema, options, sql.toString().strip(), List.copyOf(expected), keep));
        sql.setLength(0);
        expected.clear();
      }
      if (i == lines.size()) {
        break;
      }
      if (l.startsWith("@schema")) {
        schema = l.substring(7).strip();
        schema = schema.isEmpty() ? null : schema;
      } else if (l.startsWith("@refused-statements-change-nothing")) {
        keep = false;
      } else if (l.startsWith("@options")) {
        options = l.substring(8).strip();
      } else if (l.startsWith("##") || (l.isBlank() && sql.length() == 0)) {
        continue;
      } else {
        if (sql.length() == 0) {
          start = i + 1;
        }
        sql.append(l).append('\n');
      }
    }
    return cases;
  }

  /**
   * Options of a corpus case: {@code key=value} words; {@code mapTable=src>dst} and {@code mapColumn=table/src>dst}
   * add name-mapping entries, their names percent-encoded ({@code %20} for a space).
   */
  static TranslatorOptions options(String spec) {
    TranslatorOptions.Builder b = TranslatorOptions.builder().replicationNum(1);
    NameMapping.Builder names = NameMapping.builder();
    for (String o : spec.split("\\s+")) {
      if (o.isEmpty()) {
        continue;
      }
      String[] kv = o.split("=", 2);
      switch (kv[0]) {
        case "tinyInt1AsBoolean" -> b.tinyInt1AsBoolean(Boolean.parseBoolean(kv[1]));
        case "lowerCaseTableNames" -> b.lowerCaseTableNames(Integer.parseInt(kv[1]));
        case "sequenceColumn" -> b.sequenceColumn(kv[1]);
        case "targetDatabasePrefix" -> b.targetDatabase(s -> kv[1] + s);
        case "buckets" -> b.buckets(Integer.parseInt(kv[1]));
        case "unicodeNames" -> b.unicodeNames(Boolean.parseBoolean(kv[1]));
        case "mapTable" -> {
          String[] st = kv[1].split(">", 2);
          names.table(decode(st[0]), decode(st[1]));
        }
        case "mapColumn" -> {
          String[] tc = kv[1].split("/", 2);
          String[] st = tc[1].split(">", 2);
          names.column(decode(tc[0]), decode(st[0]), decode(st[1]));
        }
        default -> throw new IllegalArgumentException("unknown corpus option " + o);
      }
    }
    return b.nameMapping(names.build()).build();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static List<String> actual(Translation t) {
    List<String> out = new ArrayList<>();
    switch (t.outcome()) {
      case REFUSED -> {
        out.add("! " + t.refusal().orElseThrow().reason());
        assertThat(t.refusal().orElseThrow().remedy()).as("remedy of %s", t.statement()).isNotBlank();
      }
      case NO_OP -> out.add("~ " + String.join(" | ", t.notes()));
      default -> {
        t.statements().forEach(s -> out.add("= " + s.sql()));
        if (!t.notes().isEmpty()) {
          out.add("~ " + String.join(" | ", t.notes()));
        }
      }
    }
    t.backfills().forEach(b -> out.add("& " + b.reason() + " " + b.table() + " (" + String.join(", ", b.columns())
        + ")"));
    return out;
  }

  private static List<String> lines(List<String> l, String kind) {
    return l.stream().filter(x -> x.startsWith(kind)).toList();
  }

  /**
   * Statements ({@code =}) must be exactly the expected ones; a no-op or refusal line ({@code ~}, {@code !}) must
   * contain each expected text; {@code ~} lines next to statements are checked against the notes.
   */
  static boolean matches(List<String> expected, List<String> actual) {
    if (expected.isEmpty()) {
      return false;
    }
    List<String> statements = lines(expected, "= ");
    for (String kind : List.of("~ ", "! ")) {
      List<String> want = lines(expected, kind);
      List<String> got = lines(actual, kind);
      if (want.isEmpty() && !(kind.equals("~ ") && !statements.isEmpty()) && !got.isEmpty()) {
        return false;
      }
      if (!want.isEmpty() && (got.size() != 1 || !want.stream().allMatch(w -> got.get(0).contains(w.substring(2))))) {
        return false;
      }
    }
    return statements.equals(lines(actual, "= ")) && lines(expected, "& ").equals(lines(actual, "& "));
  }

  /** Replays one corpus file, returning per statement its case and its actual lines. */
  static List<Map.Entry<Case, Translation>> replay(String file) throws IOException {
    Map<TableId, TableDefinition> tables = new HashMap<>();
    List<Map.Entry<Case, Translation>> out = new ArrayList<>();
    for (Case c : read(file)) {
      DdlTranslator translator = DdlTranslator.create(options(c.options()));
      Translation t = translator.translate(c.schema(), c.sql(), tables);
      if (t.outcome() == Translation.Outcome.REFUSED && !c.refusedKeepsState()) {
        out.add(Map.entry(c, t));
        continue;
      }
      t.tablesAfter().forEach((id, def) -> {
        if (def.isPresent()) {
          tables.put(id, def.get());
        } else {
          tables.remove(id);
        }
      });
      out.add(Map.entry(c, t));
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> corpus() throws IOException {
    if (Boolean.getBoolean("corpus.regenerate")) {
      regenerate();
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (String file : FILES) {
      for (Map.Entry<Case, Translation> e : replay(file)) {
        Case c = e.getKey();
        Translation t = e.getValue();
        tests.add(DynamicTest.dynamicTest(file + ":" + c.line() + " " + c.sql().lines().findFirst().orElse(""), () -> {
          List<String> actual = actual(t);
          assertThat(matches(c.expected(), actual)).as("%s:%d\n%s\nexpected %s\nactual   %s", c.file(), c.line(),
              c.sql(), c.expected(), actual).isTrue();
          boolean unicode = options(c.options()).unicodeNames();
          for (DorisStatement s : t.statements()) {
            assertThat(DorisSqlValidator.problems(s.sql(), unicode)).as(s.sql()).isEmpty();
          }
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void corpusHasAtLeast300StatementsOfEveryOutcome() throws IOException {
    Map<Translation.Outcome, Integer> counts = new HashMap<>();
    int total = 0;
    for (String file : FILES) {
      for (Map.Entry<Case, Translation> e : replay(file)) {
        counts.merge(e.getValue().outcome(), 1, Integer::sum);
        total++;
      }
    }
    System.out.println("corpus: " + total + " statements, " + counts);
    assertThat(total).isGreaterThanOrEqualTo(300);
    assertThat(counts.keySet()).containsExactlyInAnyOrder(Translation.Outcome.values());
    assertThat(TypeMappingReadmeTest.section()).as("README states the corpus figures")
        .contains("A corpus of " + total + " DDL statements")
        .contains(counts.get(Translation.Outcome.TRANSLATED) + " translated, " + counts.get(Translation.Outcome.NO_OP)
            + " no-ops, " + counts.get(Translation.Outcome.REFUSED) + " refused");
  }

  private static void regenerate() throws IOException {
    Path dir = Path.of("src/test/resources/corpus");
    for (String file : FILES) {
      List<Map.Entry<Case, Translation>> results = replay(file);
      List<String> lines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>();
      int next = 0;
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i);
        if (l.startsWith("= ") || l.startsWith("~ ") || l.startsWith("! ") || l.startsWith("& ")) {
          continue;
        }
        out.add(l);
        boolean endOfStatement = next < results.size() && !l.startsWith("@") && !l.startsWith("##") && !l.isBlank()
            && (i + 1 >= lines.size() || lines.get(i + 1).isBlank() || lines.get(i + 1).startsWith("= ")
            || lines.get(i + 1).startsWith("~ ") || lines.get(i + 1).startsWith("! ")
            || lines.get(i + 1).startsWith("& "));
        if (endOfStatement) {
          Translation t = results.get(next++).getValue();
          for (String a : actual(t)) {
            out.add(a.startsWith("~ ") || a.startsWith("! ") ? a.substring(0, Math.min(a.length(), 160)) : a);
          }
        }
      }
      Files.write(dir.resolve(file), out, StandardCharsets.UTF_8);
    }
  }
}
