package org.binlogload.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link NameMapping} lookups and checks, and the translator applying it to every name it emits. */
class NameMappingTest {

  private final NameMapping mapping = NameMapping.builder().table("_prisma_migrations", "prisma_migrations")
      .column("orders", "mv_total", "total_mv").build();

  @Test
  void unmappedNamesMapToThemselvesAndColumnsIgnoreCase() {
    assertThat(mapping.dorisTable("_prisma_migrations")).isEqualTo("prisma_migrations");
    assertThat(mapping.dorisTable("orders")).isEqualTo("orders");
    assertThat(mapping.mapsTable("_PRISMA_MIGRATIONS")).isFalse();
    assertThat(mapping.dorisColumn("orders", "MV_Total")).isEqualTo("total_mv");
    assertThat(mapping.dorisColumn("orders", "id")).isEqualTo("id");
    assertThat(mapping.dorisColumn("other", "mv_total")).isEqualTo("mv_total");
    assertThat(NameMapping.none().isEmpty()).isTrue();
    assertThat(mapping.toBuilder().build()).isEqualTo(mapping).hasSameHashCodeAs(mapping);
  }

  @Test
  void contradictoryEntriesAreRefusedWhenAdded() {
    assertThatThrownBy(() -> NameMapping.builder().table("a", "x").table("a", "y"))
        .hasMessage("table a is mapped twice: to x and to y");
    assertThatThrownBy(() -> NameMapping.builder().table("a", "x").table("b", "x"))
        .hasMessage("tables a and b both map to Doris table x");
    assertThatThrownBy(() -> NameMapping.builder().column("t", "a", "x").column("t", "b", "X"))
        .hasMessage("columns t.a and t.b both map to Doris column X");
    assertThatThrownBy(() -> NameMapping.builder().table("", "x")).hasMessage("sourceTable is empty");
  }

  @Test
  void aRefusedNameSaysWhichOptionsLeadThrough() {
    DdlTranslator plain = DdlTranslator.create(TranslatorOptions.defaults());
    Refusal cjk = plain.translate("shop", "CREATE TABLE `订单` (id int PRIMARY KEY)", Map.of()).refusal().orElseThrow();
    assertThat(cjk.message()).isEqualTo("Doris rejects the table name `订单` of shop.订单: starts with '订' (U+8BA2); a "
        + "Doris table name starts with a letter a-z or A-Z and holds only letters a-z and A-Z, digits, '-' and '_'; "
        + "map it to a valid Doris name with the name mapping option (TranslatorOptions.nameMapping: "
        + "NameMapping.builder().table(\"订单\", \"<doris name>\")), or, if the Doris cluster runs with "
        + "enable_unicode_name_support = true, say so with the unicodeNames option, then retry this statement");
    Refusal mv = plain.translate("shop", "CREATE TABLE orders (id int PRIMARY KEY, mv_total int)", Map.of())
        .refusal().orElseThrow();
    assertThat(mv.remedy()).isEqualTo("map it to a valid Doris name with the name mapping option "
        + "(TranslatorOptions.nameMapping: NameMapping.builder().column(\"orders\", \"mv_total\", \"<doris name>\")), "
        + "then retry this statement");
  }

  @Test
  void everyEmittedNameIsMapped() {
    DdlTranslator t = DdlTranslator.create(TranslatorOptions.builder().replicationNum(1).nameMapping(NameMapping
        .builder().table("1st", "first").column("1st", "mv_a", "a").column("1st", "mv_b", "b")
        .column("1st", "mv_c", "c").build()).build());
    Map<TableId, TableDefinition> tables = new HashMap<>();
    Translation created = t.translate("s", "CREATE TABLE `1st` (mv_a int NOT NULL PRIMARY KEY, mv_b int)", tables);
    assertThat(created.statements()).extracting(DorisStatement::sql).containsExactly("CREATE TABLE `s`.`first` "
        + "(`a` INT NOT NULL, `b` INT NULL) ENGINE=OLAP UNIQUE KEY(`a`) DISTRIBUTED BY HASH(`a`) BUCKETS AUTO "
        + "PROPERTIES (\"replication_num\" = \"1\", \"enable_unique_key_merge_on_write\" = \"true\", "
        + "\"light_schema_change\" = \"true\", \"function_column.sequence_type\" = \"bigint\")");
    assertThat(created.statements().get(0).dorisTable()).isEqualTo("first");
    created.tablesAfter().forEach((id, d) -> tables.put(id, d.orElseThrow()));
    Translation altered = t.translate("s", "ALTER TABLE `1st` ADD COLUMN mv_c int AFTER mv_b, MODIFY mv_b bigint, "
        + "RENAME COLUMN mv_b TO bb, DROP COLUMN mv_c", tables);
    assertThat(altered.statements()).extracting(DorisStatement::sql).containsExactly(
        "ALTER TABLE `s`.`first` ADD COLUMN `c` INT NULL AFTER `b`",
        "ALTER TABLE `s`.`first` MODIFY COLUMN `b` BIGINT NULL",
        "ALTER TABLE `s`.`first` RENAME COLUMN `b` `bb`",
        "ALTER TABLE `s`.`first` DROP COLUMN `c`");
    altered.tablesAfter().forEach((id, d) -> tables.put(id, d.orElseThrow()));
    assertThat(t.translate("s", "RENAME TABLE `1st` TO second", tables).statements()).extracting(DorisStatement::sql)
        .containsExactly("ALTER TABLE `s`.`first` RENAME `second`");
    assertThat(t.translate("s", "TRUNCATE TABLE `1st`", tables).statements()).extracting(DorisStatement::sql)
        .containsExactly("TRUNCATE TABLE `s`.`first`");
    assertThat(t.options().target(TableId.of("s", "1st"))).isEqualTo(TableId.of("s", "first"));
    assertThat(t.options().targetColumn(TableId.of("s", "1st"), "MV_A")).isEqualTo("a");
  }
}
