package org.binlogload.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The translator's public contract beyond the corpus: state after statements, heavy flags, guards, renderers. */
class DdlTranslatorTest {

  private static final String ORDERS = "CREATE TABLE `orders` (\n"
      + "  `id` bigint NOT NULL AUTO_INCREMENT,\n"
      + "  `customer` varchar(50) NOT NULL,\n"
      + "  `total` decimal(10,2) DEFAULT NULL,\n"
      + "  `note` varchar(20) DEFAULT NULL,\n"
      + "  PRIMARY KEY (`id`)\n"
      + ") ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci";

  private final DdlTranslator translator = DdlTranslator.create(TranslatorOptions.builder().replicationNum(1).build());
  private final Map<TableId, TableDefinition> tables = new HashMap<>();

  private Translation apply(String sql) {
    Translation t = translator.translate("shop", sql, tables);
    t.tablesAfter().forEach((id, def) -> {
      if (def.isPresent()) {
        tables.put(id, def.get());
      } else {
        tables.remove(id);
      }
    });
    return t;
  }

  @Test
  void alterReturnsTheDefinitionAfterTheStatementAndTheChangesInOrder() {
    tables.put(TableId.of("shop", "orders"), TableDefinition.fromCreateTable("shop", ORDERS));
    Translation t = apply("ALTER TABLE orders ADD COLUMN paid tinyint(1) NOT NULL DEFAULT 0 AFTER total, "
        + "CHANGE note remark varchar(40), DROP COLUMN customer");
    assertThat(t.outcome()).isEqualTo(Translation.Outcome.TRANSLATED);
    assertThat(t.changes()).extracting(c -> c.getClass().getSimpleName())
        .containsExactly("AddColumn", "RenameColumn", "AlterColumnType", "DropColumn");
    assertThat(t.statements()).extracting(DorisStatement::sql).containsExactly(
        "ALTER TABLE `shop`.`orders` ADD COLUMN `paid` TINYINT NULL DEFAULT \"0\" AFTER `total`",
        "ALTER TABLE `shop`.`orders` RENAME COLUMN `note` `remark`",
        "ALTER TABLE `shop`.`orders` MODIFY COLUMN `remark` VARCHAR(160) NULL",
        "ALTER TABLE `shop`.`orders` DROP COLUMN `customer`");
    assertThat(t.statements()).extracting(DorisStatement::heavy).containsExactly(false, false, false, false);
    assertThat(t.statements()).allSatisfy(s -> {
      assertThat(s.table()).isEqualTo(TableId.of("shop", "orders"));
      assertThat(s.dorisDatabase()).isEqualTo("shop");
      assertThat(s.dorisTable()).isEqualTo("orders");
    });
    TableDefinition after = tables.get(TableId.of("shop", "orders"));
    assertThat(after.columns()).extracting(ColumnDefinition::name).containsExactly("id", "total", "paid", "remark");
    assertThat(after.columns()).extracting(ColumnDefinition::position).containsExactly(1, 2, 3, 4);
    assertThat(after.column("REMARK").orElseThrow().mysqlType()).isEqualTo("varchar(40)");
    assertThat(after.keyColumns()).containsExactly("id");
  }

  @Test
  void wideningANumericIsHeavyAndLengtheningAVarcharIsInstant() {
    tables.put(TableId.of("shop", "orders"), TableDefinition.fromCreateTable("shop", ORDERS));
    Translation t = apply("ALTER TABLE orders MODIFY total decimal(18,2), MODIFY note varchar(200)");
    assertThat(t.statements()).extracting(DorisStatement::heavy).containsExactly(true, false);
  }

  @Test
  void rowsMySqlChangedInsideTheDdlAreReportedAsBackfillsWithTableColumnsAndReason() {
    tables.put(TableId.of("shop", "orders"), TableDefinition.fromCreateTable("shop", ORDERS));
    Translation t = apply("ALTER TABLE orders ADD COLUMN doubled decimal(12,2) AS (total * 2) STORED, "
        + "ADD COLUMN memo text NOT NULL DEFAULT 'n/a', ADD COLUMN seen datetime(3) DEFAULT CURRENT_TIMESTAMP(3), "
        + "ADD COLUMN qty int NOT NULL DEFAULT 1");
    assertThat(t.outcome()).isEqualTo(Translation.Outcome.TRANSLATED);
    assertThat(t.existingRowsDiffer()).isTrue();
    TableId orders = TableId.of("shop", "orders");
    assertThat(t.backfills()).extracting(Backfill::table, Backfill::columns, Backfill::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(orders, List.of("doubled"), Backfill.Reason.GENERATED_COLUMN),
        org.assertj.core.groups.Tuple.tuple(orders, List.of("memo"), Backfill.Reason.DEFAULT_NOT_CARRIED),
        org.assertj.core.groups.Tuple.tuple(orders, List.of("seen"), Backfill.Reason.CLOCK_DEFAULT));
    assertThat(t.backfills().get(1).detail())
        .isEqualTo("default of shop.orders.memo not carried to Doris STRING; existing rows get NULL there");
    assertThat(t.notes()).contains(t.backfills().get(1).detail());

    Translation regenerated = apply("ALTER TABLE orders MODIFY note varchar(20) AS (concat('#', id)) STORED");
    assertThat(regenerated.outcome()).isEqualTo(Translation.Outcome.NO_OP);
    assertThat(regenerated.backfills()).extracting(Backfill::reason).containsExactly(Backfill.Reason.GENERATED_COLUMN);

    Translation refused = apply("ALTER TABLE orders ADD COLUMN g int AS (id) STORED, DROP PRIMARY KEY");
    assertThat(refused.outcome()).isEqualTo(Translation.Outcome.REFUSED);
    assertThat(refused.backfills()).isEmpty();
    assertThat(apply("CREATE TABLE fresh (id int PRIMARY KEY, g int AS (id + 1), ts datetime DEFAULT now())")
        .existingRowsDiffer()).isFalse();
  }

  @Test
  void bitLiteralsAndTodayAreCarriedAsDefaults() {
    Translation t = apply("CREATE TABLE d (id int PRIMARY KEY, b bit(3) DEFAULT b'101', one bit(1) DEFAULT b'1', "
        + "h bit(12) DEFAULT 0xFF, day date DEFAULT CURRENT_TIMESTAMP, day2 date DEFAULT (curdate()))");
    assertThat(t.statements().get(0).sql()).contains("`b` BIGINT NULL DEFAULT \"5\"", "`one` BOOLEAN NULL DEFAULT \"1\"",
        "`h` BIGINT NULL DEFAULT \"255\"", "`day` DATEV2 NULL DEFAULT CURRENT_DATE",
        "`day2` DATEV2 NULL DEFAULT CURRENT_DATE");
    assertThat(tables.get(TableId.of("shop", "d")).column("b").orElseThrow().defaultValue()).isEqualTo("5");
  }

  @Test
  void dropAndRenameTablesReportWhatNoLongerExists() {
    tables.put(TableId.of("shop", "orders"), TableDefinition.fromCreateTable("shop", ORDERS));
    Translation t = apply("RENAME TABLE orders TO orders_old");
    assertThat(t.tablesAfter()).containsEntry(TableId.of("shop", "orders"), Optional.empty());
    assertThat(t.tablesAfter().get(TableId.of("shop", "orders_old")).orElseThrow().name()).isEqualTo("orders_old");
    Translation unknown = apply("RENAME TABLE not_tracked TO still_not_tracked");
    assertThat(unknown.statements()).extracting(DorisStatement::sql)
        .containsExactly("ALTER TABLE `shop`.`not_tracked` RENAME `still_not_tracked`");
    assertThat(unknown.tablesAfter()).containsOnlyKeys(TableId.of("shop", "not_tracked"));
    Translation d = apply("DROP TABLE orders_old");
    assertThat(d.tablesAfter()).containsEntry(TableId.of("shop", "orders_old"), Optional.empty());
    assertThat(tables).isEmpty();
  }

  @Test
  void refusalSaysWhyAndWhatToDoAndKeepsMySqlsStateWhenKnown() {
    tables.put(TableId.of("shop", "orders"), TableDefinition.fromCreateTable("shop", ORDERS));
    Translation t = apply("ALTER TABLE orders DROP COLUMN id");
    Refusal r = t.refusal().orElseThrow();
    assertThat(r.reason()).isEqualTo("Can not drop key column in Unique data model table (shop.orders.id)");
    assertThat(r.remedy()).contains("recreate the Doris table");
    assertThat(r.statement()).isEqualTo("ALTER TABLE orders DROP COLUMN id");
    assertThat(t.statements()).isEmpty();
    assertThat(t.tablesAfter().get(TableId.of("shop", "orders")).orElseThrow().column("id")).isEmpty();
  }

  @Test
  void onlineSchemaChangeSwapAppliesTheShadowsChangesToTheOriginalDorisTable() {
    tables.put(TableId.of("shop", "orders"), TableDefinition.fromCreateTable("shop", ORDERS));
    assertThat(apply("CREATE TABLE `_orders_gho` LIKE `orders`").statements()).isEmpty();
    assertThat(apply("ALTER TABLE `_orders_gho` CHANGE `note` `memo` varchar(20), ADD COLUMN `c` int")
        .statements()).isEmpty();
    assertThat(tables.get(TableId.of("shop", "_orders_gho")).renamedFrom()).containsEntry("memo", "note");
    Translation swap = apply("RENAME TABLE `orders` TO `_orders_del`, `_orders_gho` TO `orders`");
    assertThat(swap.statements()).extracting(DorisStatement::sql).containsExactly(
        "ALTER TABLE `shop`.`orders` RENAME COLUMN `note` `memo`",
        "ALTER TABLE `shop`.`orders` ADD COLUMN `c` INT NULL AFTER `memo`");
    TableDefinition after = tables.get(TableId.of("shop", "orders"));
    assertThat(after.columns()).extracting(ColumnDefinition::name).containsExactly("id", "customer", "total", "memo",
        "c");
    assertThat(after.renamedFrom()).isEmpty();
    assertThat(tables.get(TableId.of("shop", "_orders_del")).column("note")).isPresent();
    assertThat(apply("DROP TABLE `_orders_del`").statements()).isEmpty();
    assertThat(OnlineSchemaChange.isHelperTable("_orders_gho")).isTrue();
    assertThat(OnlineSchemaChange.isHelperTable("orders")).isFalse();
    assertThat(OnlineSchemaChange.classify("__orders_new").orElseThrow())
        .isEqualTo(new OnlineSchemaChange.Helper(OnlineSchemaChange.Role.SHADOW, "orders"));
    assertThat(OnlineSchemaChange.classify("_orders_20261121223344_del").orElseThrow().baseTable())
        .isEqualTo("orders");
  }

  @Test
  void neverThrowsOnNullOrEmptyInputs() {
    assertThat(translator.translate(null, null, (java.util.function.Function<TableId, TableDefinition>) null)
        .outcome()).isEqualTo(Translation.Outcome.REFUSED);
    assertThat(translator.translate(null, "", Map.of()).outcome()).isEqualTo(Translation.Outcome.NO_OP);
    assertThat(translator.translate(null, "ALTER TABLE t ADD c int", Map.of()).refusal().orElseThrow().reason())
        .isEqualTo("no database selected for table t");
    Translation lookupFails = translator.translate("s", "ALTER TABLE t ADD c int", id -> {
      throw new IllegalStateException("history unavailable");
    });
    assertThat(lookupFails.refusal().orElseThrow().reason()).contains("history unavailable");
  }

  @Test
  void aRendererThatHangsIsCutOffByTheTimeLimit() {
    CountDownLatch never = new CountDownLatch(1);
    SchemaChangeRenderer hanging = change -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Rendering.nothing("interrupted");
    };
    DdlTranslator t = DdlTranslator.create(TranslatorOptions.builder().parseTimeout(Duration.ofMillis(200)).build(),
        hanging);
    long start = System.nanoTime();
    Translation r = t.translate("s", "CREATE TABLE x (id int PRIMARY KEY)", Map.of());
    long millis = (System.nanoTime() - start) / 1_000_000;
    // it uses no CPU, so only the wall-clock backstop (15 x 200 ms) stops it
    assertThat(r.refusal().orElseThrow().reason()).startsWith("translation took longer than 200 ms of CPU time "
        + "(still unfinished after");
    assertThat(millis).isGreaterThanOrEqualTo(2_900).isLessThan(10_000);
  }

  @Test
  void aTranslationThatWaitsButDoesNotComputeIsNotRefusedForTime() {
    // a loaded machine or a cold JVM (class loading) stalls the thread: that is not a runaway statement
    SchemaChangeRenderer slow = change -> {
      try {
        Thread.sleep(700);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Rendering.nothing("slow but fine");
    };
    DdlTranslator t = DdlTranslator.create(TranslatorOptions.builder().parseTimeout(Duration.ofMillis(200)).build(),
        slow);
    Translation r = t.translate("s", "CREATE TABLE x (id int PRIMARY KEY)", Map.of());
    assertThat(r.refusal()).isEmpty();
  }

  @Test
  void aTranslationThatComputesPastTheBudgetIsStopped() {
    SchemaChangeRenderer spinning = change -> {
      long x = 0;
      while (!Thread.currentThread().isInterrupted()) {
        x += System.nanoTime() % 7;
      }
      return Rendering.nothing("spun " + x);
    };
    DdlTranslator t = DdlTranslator.create(TranslatorOptions.builder().parseTimeout(Duration.ofMillis(200)).build(),
        spinning);
    long start = System.nanoTime();
    Translation r = t.translate("s", "CREATE TABLE x (id int PRIMARY KEY)", Map.of());
    assertThat(r.refusal().orElseThrow().reason()).startsWith("translation took longer than 200 ms of CPU time (")
        .endsWith("ms CPU used)");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
  }

  /** A second target, written without touching the parser side: it describes changes as text. */
  static final class DescribingRenderer implements SchemaChangeRenderer, SchemaChangeVisitor<String> {
    @Override
    public Rendering render(SchemaChange change) {
      TableId t = change.table() == null ? TableId.of("-", "-") : change.table();
      return Rendering.of(List.of(new DorisStatement(change.accept(this), false, t, t.schema(), t.table())),
          List.of());
    }

    @Override
    public String visitCreateTable(SchemaChange.CreateTable c) {
      return "create " + c.table() + " " + c.definition().keyColumns();
    }

    @Override
    public String visitDropTable(SchemaChange.DropTable c) {
      return "drop " + c.table();
    }

    @Override
    public String visitTruncateTable(SchemaChange.TruncateTable c) {
      return "truncate " + c.table();
    }

    @Override
    public String visitRenameTable(SchemaChange.RenameTable c) {
      return "rename " + c.table() + " " + c.newTable();
    }

    @Override
    public String visitAddColumn(SchemaChange.AddColumn c) {
      return "add " + c.column().name() + " " + c.column().mysqlType() + " " + c.position();
    }

    @Override
    public String visitDropColumn(SchemaChange.DropColumn c) {
      return "drop column " + c.column().name();
    }

    @Override
    public String visitRenameColumn(SchemaChange.RenameColumn c) {
      return "rename column " + c.column().name() + " " + c.newName();
    }

    @Override
    public String visitAlterColumnType(SchemaChange.AlterColumnType c) {
      return "type " + c.oldColumn().mysqlType() + " -> " + c.newColumn().mysqlType();
    }

    @Override
    public String visitNoOp(SchemaChange.NoOp c) {
      return "noop";
    }
  }

  @Test
  void anotherRendererPlugsInWithoutTouchingTheParser() {
    DdlTranslator other = DdlTranslator.create(TranslatorOptions.defaults(), new DescribingRenderer());
    Map<TableId, TableDefinition> m = Map.of(TableId.of("shop", "orders"),
        TableDefinition.fromCreateTable("shop", ORDERS));
    Translation t = other.translate("shop", "ALTER TABLE orders ADD COLUMN x int FIRST, MODIFY id bigint unsigned, "
        + "ADD INDEX i (x), DROP COLUMN note", m);
    assertThat(t.statements()).extracting(DorisStatement::sql).containsExactly("add x int FIRST",
        "type bigint -> bigint unsigned", "noop", "drop column note");
  }

  @Test
  void everyChangeKindReachesItsVisitorMethod() {
    List<String> seen = new ArrayList<>();
    DescribingRenderer r = new DescribingRenderer();
    TableDefinition def = TableDefinition.fromCreateTable("s", ORDERS);
    ColumnDefinition c = def.columns().get(1);
    for (SchemaChange change : List.of(new SchemaChange.CreateTable(def, false, false),
        new SchemaChange.DropTable(def.id(), true), new SchemaChange.TruncateTable(def.id()),
        new SchemaChange.RenameTable(def.id(), TableId.of("s", "o2")),
        new SchemaChange.AddColumn(def, c, ColumnPosition.after("id")), new SchemaChange.DropColumn(def, c),
        new SchemaChange.RenameColumn(def, c, "x"), new SchemaChange.AlterColumnType(def, c, c),
        new SchemaChange.NoOp(null, "r"))) {
      seen.add(change.accept(r).split(" ")[0]);
    }
    assertThat(seen).containsExactly("create", "drop", "truncate", "rename", "add", "drop", "rename", "type", "noop");
  }

  @Test
  void optionsRejectNonsenseWithMessagesThatReadLikeCode() {
    assertThatThrownBy(() -> TranslatorOptions.builder().replicationNum(0)).hasMessage("replicationNum <= 0");
    assertThatThrownBy(() -> TranslatorOptions.builder().lowerCaseTableNames(3))
        .hasMessage("lowerCaseTableNames not in 0..2: 3");
    assertThatThrownBy(() -> TranslatorOptions.builder().keyVarcharMax(70000))
        .hasMessage("keyVarcharMax not in 1..65533: 70000");
    assertThatThrownBy(() -> TranslatorOptions.builder().parseTimeout(Duration.ZERO)).hasMessage("parseTimeout <= 0");
    TranslatorOptions o = TranslatorOptions.defaults();
    assertThat(o.tinyInt1AsBoolean()).isFalse();
    assertThat(o.replicationNum()).isEqualTo(3);
    assertThat(o.sequenceColumn()).isNull();
    assertThat(o.toBuilder().build().keyVarcharMax()).isEqualTo(65533);
  }
}
