package org.binlogload.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Statements whose druid parse path needs classes outside druid itself (commons-lang3) or tokens kept whole. */
class DruidDependencyTest {

  private final DdlTranslator translator = DdlTranslator.create(TranslatorOptions.defaults());

  @Test
  void createTableSelectWithNamedColumnsIsRefusedForItsOwnReason() {
    // druid's select-item parser uses commons-lang3's Pair: without it on the classpath this was "not understood"
    for (String select : new String[] {"SELECT id, name AS n FROM t WHERE id > 1", "SELECT t.id, t.name n FROM t",
        "SELECT `id`, x.`name` `n`, 'a' b FROM t x", "SELECT id FROM t UNION SELECT id FROM u", "SELECT a.* , b FROM t a"}) {
      Translation t = translator.translate("db", "CREATE TABLE t2 AS " + select, Map.of());
      assertThat(t.outcome()).as(select).isEqualTo(Translation.Outcome.REFUSED);
      assertThat(t.refusal().orElseThrow().reason()).as(select).startsWith("CREATE TABLE ... SELECT");
    }
  }

  @Test
  void systemVariableInDdlIsOneToken() {
    Translation t = translator.translate("db",
        "CREATE TABLE t (id int PRIMARY KEY, a int DEFAULT (@@max_connections), b int DEFAULT (@@session.sql_mode))",
        Map.of());
    assertThat(t.outcome()).as(t.toString()).isEqualTo(Translation.Outcome.TRANSLATED);
    assertThat(t.statements().get(0).sql()).contains("`a` INT NULL", "`b` INT NULL");
  }
}
