package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DdlEvent;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TranslatorOptions;
import org.junit.jupiter.api.Test;

/**
 * The planner's neutral changes and bindings; what Doris makes of them, and online schema changes end to end, are
 * DorisSchemaApplierTest's.
 */
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
  void createTargetIsTheTablesCreationBoundToTheGivenTarget() {
    DdlPlan.Apply a = (DdlPlan.Apply) planner().createTarget("src", "t1", "ddb", "orders");
    assertThat(a.changes()).singleElement().isInstanceOf(SchemaChange.CreateTable.class);
    assertThat(a.target().tables()).isEqualTo(Map.of("src.t1", "ddb.orders"));
  }

  @Test
  void addColumnIsAChangeOfTheBoundTableAndTracked() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    DdlPlan.Apply a = apply(p, ddl("t1", "ALTER TABLE t1 ADD COLUMN extra INT"), b);
    assertThat(a.changes()).singleElement().isInstanceOfSatisfying(SchemaChange.AddColumn.class,
        c -> assertThat(c.column().name()).isEqualTo("extra"));
    assertThat(a.target()).isEqualTo(b);
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
  void renameOfAnExplicitlyBoundTableKeepsItsTargetTableAndHandsNoChange() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    DdlPlan.Apply a = apply(p, ddl("t1b", "RENAME TABLE t1 TO t1b"), b);
    assertThat(a.changes()).isEmpty();
    assertThat(a.bindings().tables()).isEqualTo(Map.of("src.t1b", "ddb.orders"));
    DdlPlan.Apply next = apply(p, ddl("t1b", "ALTER TABLE t1b ADD COLUMN z INT"), a.bindings());
    assertThat(next.changes()).singleElement().isInstanceOf(SchemaChange.AddColumn.class);
    assertThat(next.target().targetTable("src", "t1b")).isEqualTo("orders");
  }

  @Test
  void renameOfAnExplicitlyBoundTableIntoADatabaseTheJobDoesNotReadIsRefused() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.orders"), Map.of());
    DdlPlan plan = p.plan(DdlEvent.of("src", "t1", "RENAME TABLE src.t1 TO other.t1",
        BinlogPosition.of("mysql-bin.000001", 50)), b);
    assertThat(plan).isInstanceOfSatisfying(DdlPlan.Refuse.class,
        r -> assertThat(r.reason()).contains("src.t1", "another database (other)"));
    Bindings both = b.bind("other.t0", "ddb.t0");
    DdlPlan.Apply a = apply(p, DdlEvent.of("src", "t1", "RENAME TABLE src.t1 TO other.t1",
        BinlogPosition.of("mysql-bin.000001", 60)), both);
    assertThat(a.changes()).isEmpty();
    assertThat(a.bindings().tables()).containsEntry("other.t1", "ddb.orders").doesNotContainKey("src.t1");
  }

  @Test
  void renameInAWholeDatabaseJobIsHandedOnAndRebinds() {
    TranslatorPlanner p = planner();
    Bindings b = new Bindings(Map.of("src.t1", "ddb.t1"), Map.of("src", "ddb"));
    DdlPlan.Apply a = apply(p, ddl("t2", "RENAME TABLE t1 TO t2"), b);
    assertThat(a.changes()).singleElement().isInstanceOf(SchemaChange.RenameTable.class);
    assertThat(a.bindings().tables()).isEqualTo(Map.of("src.t2", "ddb.t2"));
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
