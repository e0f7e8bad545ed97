package org.binlogload.connector.sink.doris;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DdlEvent;
import org.binlogload.connector.sync.Bindings;
import org.binlogload.connector.sync.DdlPlan;
import org.binlogload.connector.sync.SchemaPlan;
import org.binlogload.connector.sync.SchemaStep;
import org.binlogload.connector.sync.TranslatorPlanner;
import org.binlogload.ddl.TranslatorOptions;
import org.junit.jupiter.api.Test;

/** The Doris statements the planner's neutral changes render as, with the binding's Doris names (no Doris needed). */
class DorisSchemaApplierTest {
  private static final TranslatorOptions OPTIONS = TranslatorOptions.builder().replicationNum(1).build();
  private static final String T1 = "CREATE TABLE `t1` (\n  `id` int(11) NOT NULL,\n  `v` varchar(20) DEFAULT NULL,\n"
      + "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
  private final DorisSchemaApplier doris = new DorisSchemaApplier(null, OPTIONS, Duration.ofSeconds(1));
  private long offset = 100;

  private DdlEvent ddl(String table, String sql) {
    return DdlEvent.of("src", table, sql, BinlogPosition.of("mysql-bin.000001", offset += 100));
  }

  private static TranslatorPlanner planner() {
    TranslatorPlanner p = new TranslatorPlanner(OPTIONS);
    p.track("src", "t1", T1);
    return p;
  }

  private DdlPlan.Apply apply(TranslatorPlanner p, DdlEvent d, Bindings b) {
    DdlPlan plan = p.plan(d, b);
    assertThat(plan).as(d.sql() + " -> " + plan).isInstanceOf(DdlPlan.Apply.class);
    p.adopt(d, plan);
    return (DdlPlan.Apply) plan;
  }

  /** The SQL of the Doris statements {@code a} renders as. */
  private List<String> sql(DdlPlan.Apply a) {
    SchemaPlan plan = doris.plan(a.changes(), a.target());
    assertThat(plan).isInstanceOf(SchemaPlan.Steps.class);
    return ((SchemaPlan.Steps) plan).steps().stream().map(SchemaStep::text).toList();
  }

  @Test
  void createTargetRendersAUniqueKeyTableWithTheSequenceColumn() {
    List<String> sql = sql((DdlPlan.Apply) planner().createTarget("src", "t1", "ddb", "orders"));
    assertThat(sql.get(0)).contains("`ddb`.`orders`").contains("UNIQUE KEY").contains("function_column.sequence_type");
  }

  @Test
  void addColumnIsRenderedForTheBoundDorisTable() {
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    assertThat(sql(apply(planner(), ddl("t1", "ALTER TABLE t1 ADD COLUMN extra INT"), b))).singleElement()
        .asString().contains("`ddb`.`orders`").contains("ADD COLUMN").contains("extra");
  }

  @Test
  void renameOfAnExplicitlyBoundTableRunsNothingAndLaterDdlGoesToItsDorisTable() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    DdlPlan.Apply a = apply(p, ddl("t1b", "RENAME TABLE t1 TO t1b"), b);
    assertThat(sql(a)).isEmpty();
    assertThat(sql(apply(p, ddl("t1b", "ALTER TABLE t1b ADD COLUMN z INT"), a.bindings()))).singleElement()
        .asString().contains("`ddb`.`orders`");
  }

  @Test
  void renameInAWholeDatabaseJobRenamesTheDorisTable() {
    Bindings b = new Bindings(Map.of("src.t1", "ddb.t1"), Map.of("src", "ddb"));
    assertThat(sql(apply(planner(), ddl("t2", "RENAME TABLE t1 TO t2"), b))).singleElement().asString()
        .contains("RENAME");
  }

  @Test
  void ptOnlineSchemaChangeAltersTheOriginalDorisTableAtTheSwapAndKeepsTheBinding() {
    TranslatorPlanner p = planner();
    Bindings after = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    for (String sql : List.of("CREATE TABLE `_t1_new` LIKE `t1`", "ALTER TABLE `_t1_new` ADD COLUMN w INT")) {
      DdlPlan.Apply a = apply(p, ddl("_t1_new", sql), after);
      assertThat(sql(a)).as(sql).isEmpty();
      after = a.bindings();
    }
    DdlPlan.Apply swap = apply(p, ddl("t1", "RENAME TABLE `t1` TO `_t1_old`, `_t1_new` TO `t1`"), after);
    assertThat(sql(swap)).singleElement().asString().contains("`ddb`.`orders`").contains("ADD COLUMN").contains("w");
    assertThat(swap.bindings().tables()).isEqualTo(Map.of("src.t1", "ddb.orders"));
    assertThat(p.definition("src", "t1").orElseThrow().column("w")).isPresent();
    DdlPlan drop = p.plan(ddl("_t1_old", "DROP TABLE IF EXISTS `_t1_old`"), swap.bindings());
    assertThat(drop).isNotInstanceOf(DdlPlan.Refuse.class);
    if (drop instanceof DdlPlan.Apply a) {
      assertThat(sql(a)).isEmpty();
      assertThat(a.dropped()).isEmpty();
    }
  }

  @Test
  void ghostCutOverAltersTheOriginalDorisTableAndKeepsTheBinding() {
    TranslatorPlanner p = planner();
    Bindings after = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    for (String sql : List.of("CREATE TABLE `_t1_gho` LIKE `t1`", "ALTER TABLE `_t1_gho` MODIFY COLUMN v VARCHAR(200)")) {
      after = apply(p, ddl("_t1_gho", sql), after).bindings();
    }
    DdlPlan.Apply swap = apply(p, ddl("t1", "RENAME TABLE `t1` TO `_t1_del`, `_t1_gho` TO `t1`"), after);
    assertThat(sql(swap)).singleElement().asString().contains("`ddb`.`orders`").contains("MODIFY");
    assertThat(swap.bindings().tables()).isEqualTo(Map.of("src.t1", "ddb.orders"));
  }

  @Test
  void aChangeDorisCannotTakeIsRefusedWithReasonAndRemedy() {
    Bindings b = new Bindings(Map.of("src.t1", "ddb.t1"), Map.of("src", "ddb", "other", "odb"));
    DdlPlan plan = planner().plan(ddl("t1", "RENAME TABLE src.t1 TO other.t1"), b);
    assertThat(plan).isInstanceOf(DdlPlan.Apply.class);
    SchemaPlan refused = doris.plan(((DdlPlan.Apply) plan).changes(), ((DdlPlan.Apply) plan).target());
    assertThat(refused).isInstanceOfSatisfying(SchemaPlan.Refused.class, r -> {
      assertThat(r.reason()).contains("Doris cannot move table", "odb");
      assertThat(r.remedy()).isNotBlank();
    });
  }

  @Test
  void aReSentStatementIsAlreadyAppliedOnlyWhenDorisSaysTheChangeIsThere() {
    SchemaStep step = new DorisStep("ddb", "orders", "ALTER TABLE `ddb`.`orders` ADD COLUMN `w` INT NULL", false);
    assertThat(doris.alreadyApplied(step, new IllegalStateException("Can not add column which already exists in "
        + "base table: w"))).isTrue();
    assertThat(doris.alreadyApplied(step, new IllegalStateException("Nothing is changed. please check your alter "
        + "stmt."))).isTrue();
    assertThat(doris.alreadyApplied(step, new IllegalStateException("Access denied"))).isFalse();
  }
}
