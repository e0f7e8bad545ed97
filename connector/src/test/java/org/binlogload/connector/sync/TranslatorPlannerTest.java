package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DdlEvent;
import org.binlogload.ddl.TranslatorOptions;
import org.junit.jupiter.api.Test;

class TranslatorPlannerTest {
  private static final String T1 = "CREATE TABLE `t1` (\n  `id` int(11) NOT NULL,\n  `v` varchar(20) DEFAULT NULL,\n"
      + "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
  private long offset = 100;

  private DdlEvent ddl(String table, String sql) {
    return DdlEvent.of("src", table, sql, BinlogPosition.of("mysql-bin.000001", offset += 100));
  }

  private static TranslatorPlanner planner() {
    TranslatorPlanner p = new TranslatorPlanner(TranslatorOptions.builder().replicationNum(1).build());
    p.track("src", "t1", T1);
    return p;
  }

  private static DdlPlan.Apply apply(TranslatorPlanner p, DdlEvent d, Bindings b) {
    DdlPlan plan = p.plan(d, b);
    assertThat(plan).as(d.sql() + " -> " + plan).isInstanceOf(DdlPlan.Apply.class);
    p.adopt(d, plan);
    return (DdlPlan.Apply) plan;
  }

  @Test
  void createTargetRendersAUniqueKeyTableWithTheSequenceColumn() {
    DdlPlan plan = planner().createTarget("src", "t1", "ddb", "orders");
    assertThat(plan).isInstanceOf(DdlPlan.Apply.class);
    String sql = ((DdlPlan.Apply) plan).statements().get(0).sql();
    assertThat(sql).contains("`ddb`.`orders`").contains("UNIQUE KEY").contains("function_column.sequence_type");
  }

  @Test
  void addColumnIsTranslatedForTheBoundDorisTableAndTracked() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    DdlPlan.Apply a = apply(p, ddl("t1", "ALTER TABLE t1 ADD COLUMN extra INT"), b);
    assertThat(a.statements()).extracting(TargetStatement::sql).singleElement().asString()
        .contains("`ddb`.`orders`").contains("ADD COLUMN").contains("extra");
    assertThat(p.definition("src", "t1").orElseThrow().column("extra")).isPresent();
    TranslatorPlanner restored = new TranslatorPlanner(TranslatorOptions.defaults());
    restored.restore(p.snapshot());
    assertThat(restored.definition("src", "t1")).isEqualTo(p.definition("src", "t1"));
  }

  @Test
  void ddlOfAnotherTableIsIgnored() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    assertThat(p.plan(ddl("other", "ALTER TABLE other ADD COLUMN x INT"), b)).isInstanceOf(DdlPlan.Ignore.class);
    assertThat(p.plan(ddl("other", "CREATE TABLE other (id INT PRIMARY KEY)"), b)).isInstanceOf(DdlPlan.Ignore.class);
  }

  @Test
  void renameOfAnExplicitlyBoundTableKeepsItsDorisTable() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    DdlPlan.Apply a = apply(p, ddl("t1b", "RENAME TABLE t1 TO t1b"), b);
    assertThat(a.statements()).isEmpty();
    assertThat(a.bindings().tables()).isEqualTo(Map.of("src.t1b", "ddb.orders"));
    DdlPlan.Apply next = apply(p, ddl("t1b", "ALTER TABLE t1b ADD COLUMN z INT"), a.bindings());
    assertThat(next.statements()).extracting(TargetStatement::sql).singleElement().asString()
        .contains("`ddb`.`orders`");
  }

  @Test
  void renameInAWholeDatabaseJobRenamesTheDorisTable() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.t1"), Map.of("src", "ddb"));
    DdlPlan.Apply a = apply(p, ddl("t2", "RENAME TABLE t1 TO t2"), b);
    assertThat(a.statements()).extracting(TargetStatement::sql).singleElement().asString().contains("RENAME");
    assertThat(a.bindings().tables()).isEqualTo(Map.of("src.t2", "ddb.t2"));
  }

  @Test
  void ptOnlineSchemaChangeAltersTheOriginalDorisTableAtTheSwapAndKeepsTheBinding() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    Bindings after = b;
    for (String sql : List.of("CREATE TABLE `_t1_new` LIKE `t1`", "ALTER TABLE `_t1_new` ADD COLUMN w INT")) {
      DdlPlan.Apply a = apply(p, ddl("_t1_new", sql), after);
      assertThat(a.statements()).as(sql).isEmpty();
      after = a.bindings();
    }
    DdlPlan.Apply swap = apply(p, ddl("t1", "RENAME TABLE `t1` TO `_t1_old`, `_t1_new` TO `t1`"), after);
    assertThat(swap.statements()).extracting(TargetStatement::sql).singleElement().asString()
        .contains("`ddb`.`orders`").contains("ADD COLUMN").contains("w");
    assertThat(swap.bindings().tables()).isEqualTo(Map.of("src.t1", "ddb.orders"));
    assertThat(p.definition("src", "t1").orElseThrow().column("w")).isPresent();
    DdlPlan drop = p.plan(ddl("_t1_old", "DROP TABLE IF EXISTS `_t1_old`"), swap.bindings());
    assertThat(drop).isNotInstanceOf(DdlPlan.Refuse.class);
    if (drop instanceof DdlPlan.Apply a) {
      assertThat(a.statements()).isEmpty();
      assertThat(a.dropped()).isEmpty();
    }
  }

  @Test
  void ghostCutOverAltersTheOriginalDorisTable() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    Bindings after = b;
    for (String sql : List.of("CREATE TABLE `_t1_gho` LIKE `t1`", "ALTER TABLE `_t1_gho` MODIFY COLUMN v VARCHAR(200)")) {
      after = apply(p, ddl("_t1_gho", sql), after).bindings();
    }
    DdlPlan.Apply swap = apply(p, ddl("t1", "RENAME TABLE `t1` TO `_t1_del`, `_t1_gho` TO `t1`"), after);
    assertThat(swap.statements()).extracting(TargetStatement::sql).singleElement().asString()
        .contains("`ddb`.`orders`").contains("MODIFY");
    assertThat(swap.bindings().tables()).isEqualTo(Map.of("src.t1", "ddb.orders"));
  }

  @Test
  void refusalCarriesReasonAndRemedy() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    DdlPlan plan = p.plan(ddl("t1", "ALTER TABLE t1 DROP COLUMN id"), b);
    assertThat(plan).isInstanceOf(DdlPlan.Refuse.class);
    assertThat(((DdlPlan.Refuse) plan).reason()).containsIgnoringCase("key");
  }

  @Test
  void dropOfABoundTableIsReportedAsDropped() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    DdlPlan plan = p.plan(ddl("t1", "DROP TABLE t1"), b);
    assertThat(plan).isInstanceOf(DdlPlan.Apply.class);
    assertThat(((DdlPlan.Apply) plan).dropped()).containsExactly("src.t1");
  }
}
