package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DdlEvent;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.NamePattern;
import org.binlogload.connector.job.SourceSpec;
import org.binlogload.connector.job.TableFilter;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TranslatorOptions;
import org.junit.jupiter.api.Test;

/**
 * Tables that come and go in whole databases: INCLUDE/EXCLUDE for tables created and renamed later, keyless tables
 * left out visibly, and databases a schema pattern matches joining at their CREATE DATABASE.
 */
class TranslatorPlannerScopeTest {
  private long offset = 100;

  private DdlEvent ddl(String schema, String table, String sql) {
    return DdlEvent.of(schema, table, sql, BinlogPosition.of("mysql-bin.000001", offset += 100));
  }

  private static TranslatorPlanner planner(ChannelSpec... channels) {
    JobDefinition def = JobDefinition.builder().database("dw").name("j").channels(List.of(channels))
        .source(SourceSpec.builder().host("h").port(3306).user("u").password("").startPosition("latest").build())
        .build();
    return new TranslatorPlanner(TranslatorOptions.builder().replicationNum(1).build(), JobScope.of(def));
  }

  private static DdlPlan.Apply apply(TranslatorPlanner p, DdlEvent d, Bindings b) {
    DdlPlan plan = p.plan(d, b);
    assertThat(plan).as(d.sql() + " -> " + plan).isInstanceOf(DdlPlan.Apply.class);
    p.adopt(d, plan);
    return (DdlPlan.Apply) plan;
  }

  private static final ChannelSpec SHOP = ChannelSpec.wholeDatabase("shop", "dw", TableFilter.of(List.of(),
      List.of(NamePattern.glob("audit_log"), NamePattern.glob("tmp_*"))));

  @Test
  void aTableCreatedLaterIsBoundUnlessExcluded() {
    TranslatorPlanner p = planner(SHOP);
    Bindings b = new Bindings(Map.of(), Map.of("shop", "dw"));
    assertThat(p.plan(ddl("shop", "tmp_1", "CREATE TABLE tmp_1 (id INT PRIMARY KEY)"), b))
        .isInstanceOf(DdlPlan.Ignore.class);
    assertThat(p.plan(ddl("shop", "audit_log", "CREATE TABLE audit_log (id INT PRIMARY KEY)"), b))
        .isInstanceOf(DdlPlan.Ignore.class);
    DdlPlan.Apply a = apply(p, ddl("shop", "orders", "CREATE TABLE orders (id INT PRIMARY KEY, v INT)"), b);
    assertThat(a.bindings().tables()).isEqualTo(Map.of("shop.orders", "dw.orders"));
    assertThat(a.changes()).singleElement().isInstanceOf(SchemaChange.CreateTable.class);
    // DDL of an excluded table never reaches Doris
    assertThat(p.plan(ddl("shop", "tmp_1", "ALTER TABLE tmp_1 ADD COLUMN x INT"), a.bindings()))
        .isInstanceOf(DdlPlan.Ignore.class);
  }

  @Test
  void aKeylessTableCreatedLaterIsLeftOutVisiblyAndItsDdlIsNotApplied() {
    TranslatorPlanner p = planner(SHOP);
    Bindings b = new Bindings(Map.of(), Map.of("shop", "dw"));
    DdlEvent create = ddl("shop", "events", "CREATE TABLE events (at DATETIME, msg VARCHAR(20))");
    DdlPlan.Apply a = apply(p, create, b);
    assertThat(a.changes()).isEmpty();
    assertThat(a.bindings()).isEqualTo(b);
    assertThat(a.leftOut()).isEqualTo(Map.of("shop.events", "it was created at " + create.position() + " without a "
        + "primary key or NOT NULL unique key, so Doris cannot tell its rows apart and the job leaves it out; to sync "
        + "it, add a PRIMARY KEY in MySQL and create the job again (its initial snapshot copies it)"));
    DdlPlan.Apply alter = apply(p, ddl("shop", "events", "ALTER TABLE events ADD COLUMN n INT"), a.bindings());
    assertThat(alter.changes()).isEmpty();
    DdlPlan.Apply drop = apply(p, ddl("shop", "events", "DROP TABLE events"), a.bindings());
    assertThat(drop.changes()).as(drop.toString()).isEmpty();
    assertThat(drop.dropped()).isEmpty();
  }

  @Test
  void renamesOutOfAndIntoTheSetAreDecidedByName() {
    TranslatorPlanner p = planner(SHOP);
    p.track("shop", "orders", "CREATE TABLE orders (id INT PRIMARY KEY, v INT)");
    Bindings b = new Bindings(Map.of("shop.orders", "dw.orders"), Map.of("shop", "dw"));
    DdlEvent out = ddl("shop", "orders", "RENAME TABLE orders TO tmp_orders");
    DdlPlan.Apply a = apply(p, out, b);
    assertThat(a.changes()).isEmpty();
    assertThat(a.bindings().tables()).isEmpty();
    assertThat(a.leftOut()).isEqualTo(Map.of("shop.tmp_orders", "renamed at " + out.position() + " from shop.orders, "
        + "which the job synced, to a name its EXCLUDE (tmp_*) leaves out, so the job no longer syncs it; Doris table "
        + "dw.orders keeps its rows up to that point"));

    DdlEvent in = ddl("shop", "tmp_orders", "RENAME TABLE tmp_orders TO orders2");
    DdlPlan.Apply back = apply(p, in, a.bindings());
    assertThat(back.changes()).isEmpty();
    assertThat(back.bindings().tables()).isEmpty();
    assertThat(back.leftOut()).isEqualTo(Map.of("shop.orders2", "renamed at " + in.position() + " from "
        + "shop.tmp_orders, which the job did not sync, so Doris has none of its earlier rows and the job leaves it "
        + "out; to sync it, create the job again (its initial snapshot copies it), or rename it back"));

    // a rename within the set renames the Doris table as before
    p.track("shop", "items", "CREATE TABLE items (id INT PRIMARY KEY)");
    Bindings items = new Bindings(Map.of("shop.items", "dw.items"), Map.of("shop", "dw"));
    DdlPlan.Apply within = apply(p, ddl("shop", "items", "RENAME TABLE items TO items2"), items);
    assertThat(within.bindings().tables()).isEqualTo(Map.of("shop.items2", "dw.items2"));
    assertThat(within.changes()).singleElement().isInstanceOf(SchemaChange.RenameTable.class);
  }

  @Test
  void aDatabaseThePatternMatchesJoinsAtItsCreateDatabase() {
    TranslatorPlanner p = planner(ChannelSpec.wholeDatabase("shop_*", "dw_${db}"), SHOP);
    Bindings b = new Bindings(Map.of(), Map.of("shop", "dw", "shop_eu", "dw_shop_eu"));
    DdlPlan.Apply joined = apply(p, ddl("shop_us", null, "CREATE DATABASE shop_us"), b);
    assertThat(joined.changes()).allMatch(c -> c instanceof SchemaChange.NoOp); // Doris is not asked for anything
    assertThat(joined.bindings().databases()).containsEntry("shop_us", "dw_shop_us");
    DdlPlan.Apply created = apply(p, ddl("shop_us", "orders", "CREATE TABLE orders (id INT PRIMARY KEY)"),
        joined.bindings());
    assertThat(created.bindings().tables()).isEqualTo(Map.of("shop_us.orders", "dw_shop_us.orders"));
    assertThat(created.target().targetDatabase("shop_us")).isEqualTo("dw_shop_us");
    // another database, and the server's own, do not join
    assertThat(p.plan(ddl("crm", null, "CREATE DATABASE crm"), b)).isInstanceOf(DdlPlan.Ignore.class);
    assertThat(p.plan(ddl("shop_us", null, "CREATE DATABASE shop_us"), joined.bindings()))
        .isInstanceOf(DdlPlan.Ignore.class);
    TranslatorPlanner all = planner(ChannelSpec.wholeDatabase("*", "dw_${db}"));
    assertThat(all.plan(ddl("mysql", "user", "CREATE TABLE user2 (id INT PRIMARY KEY)"), b))
        .isInstanceOf(DdlPlan.Ignore.class);
  }
}
