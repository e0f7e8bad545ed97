package org.binlogload.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link DorisNames} against the name regexes of Doris's FeNameFormat and documentation, and the issue's examples. */
class DorisNamesTest {

  // Doris 2.x FeNameFormat, as written there (default and enable_unicode_name_support; "+-/" is the range + , - . /);
  // 3.x accepts a superset of each column rule.
  private static final Pattern TABLE = Pattern.compile("^[a-zA-Z][a-zA-Z0-9-_]*$");
  private static final Pattern UNICODE_TABLE = Pattern.compile("^[a-zA-Z\\p{L}][a-zA-Z0-9-_\\p{L}]*$");
  private static final Pattern COLUMN = Pattern.compile("^[_a-zA-Z@0-9\\s/][.a-zA-Z0-9_+-/?@#$%^&*\"\\s,:]{0,255}$");
  private static final Pattern UNICODE_COLUMN = Pattern.compile(
      "^[_a-zA-Z@0-9\\p{L}][.a-zA-Z0-9_+-/?@#$%^&*\\p{L}]{0,255}$");
  // Doris 3.x documentation (object identifiers): any allowed character may come first.
  private static final Pattern COLUMN_3X = Pattern.compile("^[.a-zA-Z0-9_+\\-/?@#$%^&*\"\\s,:]{1,256}$");
  private static final Pattern UNICODE_COLUMN_3X = Pattern.compile("^[.a-zA-Z0-9_+\\-/?@#$%^&*\"\\s,:\\p{L}]{1,256}$");

  private static final DorisNames PLAIN = DorisNames.of(false);
  private static final DorisNames UNICODE = DorisNames.of(true);

  @Test
  void everyCharacterIsJudgedAsDorisRegexesJudgeIt() {
    List<String> wrong = new ArrayList<>();
    for (int cp = 1; cp < 0x30000; cp++) {
      int type = Character.getType(cp);
      if (type == Character.UNASSIGNED || type == Character.SURROGATE) {
        continue;
      }
      String c = new String(Character.toChars(cp));
      for (String name : new String[] {c + "x", "x" + c + "x"}) {
        boolean column = PLAIN.columnProblem(name).isEmpty();
        boolean unicodeColumn = UNICODE.columnProblem(name).isEmpty();
        if (PLAIN.tableProblem(name).isEmpty() != TABLE.matcher(name).matches()
            || UNICODE.tableProblem(name).isEmpty() != UNICODE_TABLE.matcher(name).matches()
            || column != COLUMN.matcher(name).matches() || unicodeColumn != UNICODE_COLUMN.matcher(name).matches()
            || column && !COLUMN_3X.matcher(name).matches()
            || unicodeColumn && !UNICODE_COLUMN_3X.matcher(name).matches()) {
          wrong.add(name + " (U+" + Integer.toHexString(cp) + ")");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void theIssuesExamplesAreRejectedWithTheRuleTheyBreak() {
    assertThat(PLAIN.tableProblem("_prisma_migrations")).hasValueSatisfying(p -> assertThat(p)
        .startsWith("starts with '_'; a Doris table name starts with a letter a-z or A-Z"));
    assertThat(PLAIN.tableProblem("1st_quarter")).hasValueSatisfying(p -> assertThat(p).startsWith("starts with '1'"));
    assertThat(PLAIN.tableProblem("t.2")).hasValueSatisfying(p -> assertThat(p).startsWith("contains '.'"));
    assertThat(PLAIN.tableProblem("a b")).hasValueSatisfying(p -> assertThat(p).startsWith("contains a space"));
    assertThat(PLAIN.tableProblem("a`b")).hasValueSatisfying(p -> assertThat(p).startsWith("contains a backtick"));
    assertThat(PLAIN.columnProblem("a`b")).hasValueSatisfying(p -> assertThat(p).startsWith("contains a backtick"));
    assertThat(PLAIN.columnProblem("mv_total")).hasValueSatisfying(p -> assertThat(p).startsWith("starts with mv_"));
    assertThat(UNICODE.columnProblem("mva_n")).hasValueSatisfying(p -> assertThat(p).startsWith("starts with mva_"));
    assertThat(PLAIN.columnProblem("__doris_shadow_c")).isPresent();
    assertThat(PLAIN.columnProblem("__doris_delete_sign__")).hasValueSatisfying(p -> assertThat(p)
        .contains("hidden columns"));
    assertThat(UNICODE.tableProblem("emoji_😀")).hasValueSatisfying(p -> assertThat(p)
        .startsWith("contains '😀' (U+1F600)"));
    assertThat(UNICODE.columnProblem("😀")).isPresent();
  }

  @Test
  void cjkNamesPassOnlyInUnicodeMode() {
    assertThat(PLAIN.tableProblem("订单")).hasValueSatisfying(p -> assertThat(p).startsWith("starts with '订' (U+8BA2)"));
    assertThat(PLAIN.columnProblem("编号")).isPresent();
    assertThat(PLAIN.databaseProblem("仓库")).isPresent();
    assertThat(UNICODE.tableProblem("订单")).isEmpty();
    assertThat(UNICODE.columnProblem("编号")).isEmpty();
    assertThat(UNICODE.databaseProblem("仓库")).isEmpty();
    assertThat(UNICODE.tableProblem("größe_2")).isEmpty();
  }

  @Test
  void columnsAcceptMoreThanTablesAndUnicodeModeDropsSpacesColonsAndQuotes() {
    for (String ok : new String[] {"a b", "t.2", "1st", "_id", "@timestamp", "a-b", "x:y", "a\"b", "/p", "a,b"}) {
      assertThat(PLAIN.columnProblem(ok)).as(ok).isEmpty();
    }
    for (String bad : new String[] {"a b", "x:y", "a\"b", "/p"}) {
      assertThat(UNICODE.columnProblem(bad)).as(bad).isPresent();
    }
    assertThat(PLAIN.columnProblem(".a")).isPresent();
    assertThat(PLAIN.columnProblem("a;b")).isPresent();
    assertThat(PLAIN.columnProblem("MV_total")).isEmpty(); // Doris compares the mv_ prefix case-sensitively
  }

  @Test
  void lengthLimits() {
    assertThat(PLAIN.tableProblem("t".repeat(64))).isEmpty();
    assertThat(PLAIN.tableProblem("t".repeat(65))).hasValueSatisfying(p -> assertThat(p)
        .isEqualTo("is 65 characters long; Doris table names have at most 64"));
    assertThat(PLAIN.databaseProblem("d".repeat(65))).isPresent();
    assertThat(PLAIN.columnProblem("c".repeat(256))).isEmpty();
    assertThat(PLAIN.columnProblem("c".repeat(257))).isPresent();
    assertThat(PLAIN.tableProblem("")).hasValue("is empty");
    assertThat(PLAIN.columnProblem("")).hasValue("is empty");
  }
}
