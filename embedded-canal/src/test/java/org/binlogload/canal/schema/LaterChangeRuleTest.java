package org.binlogload.canal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.binlogload.canal.internal.schema.SchemaHistory;
import org.junit.jupiter.api.Test;

/** The proof rule's test of whether a later query event may change a table: schema-aware, conservative. */
class LaterChangeRuleTest {

  @Test
  void anUnqualifiedNameChangesTheTableOfTheDefaultDatabaseOnly() {
    assertThat(SchemaHistory.mayChange("use `shop`; ALTER TABLE t ADD COLUMN w INT", "shop", "t")).isTrue();
    assertThat(SchemaHistory.mayChange("use `other`; ALTER TABLE t ADD COLUMN w INT", "shop", "t")).isFalse();
    assertThat(SchemaHistory.mayChange("ALTER TABLE t ADD COLUMN w INT", "shop", "t"))
        .as("no default database known: conservative").isTrue();
  }

  @Test
  void aQualifiedNameDecidesByItsQualifier() {
    assertThat(SchemaHistory.mayChange("use `shop`; ALTER TABLE other.t ADD COLUMN w INT", "shop", "t")).isFalse();
    assertThat(SchemaHistory.mayChange("use `shop`; ALTER TABLE `other`.`t` DROP COLUMN w", "shop", "t")).isFalse();
    assertThat(SchemaHistory.mayChange("use `other`; ALTER TABLE shop.t ADD COLUMN w INT", "shop", "t")).isTrue();
    assertThat(SchemaHistory.mayChange("use `other`; ALTER TABLE `shop` . `t` ADD w INT", "shop", "t")).isTrue();
    assertThat(SchemaHistory.mayChange("use `x`; RENAME TABLE other.t TO `sh``op`.t", "sh`op", "t")).isTrue();
  }

  @Test
  void anyMentionThatMayBeOurTableCounts() {
    assertThat(SchemaHistory.mayChange("use `shop`; RENAME TABLE other.t TO t", "shop", "t")).isTrue();
    assertThat(SchemaHistory.mayChange("use `other`; DROP DATABASE shop", "shop", "t")).isTrue();
    assertThat(SchemaHistory.mayChange("use `shop`; ALTER TABLE t2 ADD COLUMN t INT", "shop", "t"))
        .as("a column named like the table is still a mention: conservative").isTrue();
    assertThat(SchemaHistory.mayChange("use `shop`; ALTER TABLE t2 ADD COLUMN w INT", "shop", "t")).isFalse();
  }
}
