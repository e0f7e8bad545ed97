package org.binlogload.connector.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ALTER SYNC JOB ... ADD, DROP and RESNAPSHOT as the parser reads them. */
class AlterClausesTest {
  private static Statement.AlterSyncJobTables parse(String sql) {
    Statement s = SyncStatements.parse(sql, "dw");
    assertThat(s).isInstanceOf(Statement.AlterSyncJobTables.class);
    return (Statement.AlterSyncJobTables) s;
  }

  @Test
  void addTakesChannelsIntoTheJobsDatabaseOrAnother() {
    Statement.AlterSyncJobTables s = parse("ALTER SYNC JOB shop_sync ADD (FROM shop.orders INTO orders, "
        + "FROM shop.items INTO other.items_copy)");
    assertThat(s.database()).isEqualTo("dw");
    assertThat(s.name()).isEqualTo("shop_sync");
    assertThat(s.action()).isEqualTo(Statement.TableAction.ADD);
    assertThat(s.channels()).containsExactly(ChannelSpec.table("shop", "orders", "dw", "orders", List.of()),
        ChannelSpec.table("shop", "items", "other", "items_copy", List.of()));
    assertThat(s.tables()).isEmpty();
  }

  @Test
  void dropAndResnapshotTakeSourceTables() {
    Statement.AlterSyncJobTables d = parse("ALTER SYNC JOB db1.j DROP (FROM shop.orders, FROM `shop`.`line items`)");
    assertThat(d.action()).isEqualTo(Statement.TableAction.DROP);
    assertThat(d.database()).isEqualTo("db1");
    assertThat(d.tables()).containsExactly("shop.orders", "shop.line items");
    Statement.AlterSyncJobTables r = parse("alter sync job db1.j resnapshot (shop.orders)");
    assertThat(r.action()).isEqualTo(Statement.TableAction.RESNAPSHOT);
    assertThat(r.tables()).containsExactly("shop.orders");
    assertThat(r.channels()).isEmpty();
  }

  @Test
  void mistakesAreNamedWithTheGrammar() {
    assertThatThrownBy(() -> parse("ALTER SYNC JOB j ADD (FROM shop.* INTO dw2)"))
        .hasMessageContaining("ADD takes tables, not a whole database")
        .hasMessageContaining(AlterClauses.ADD_HINT);
    assertThatThrownBy(() -> parse("ALTER SYNC JOB j ADD (FROM shop.o INTO o (a, b))"))
        .hasMessageContaining("ADD copies whole rows");
    assertThatThrownBy(() -> parse("ALTER SYNC JOB j DROP (shop.o)"))
        .hasMessageContaining("expected FROM").hasMessageContaining(AlterClauses.DROP_HINT);
    assertThatThrownBy(() -> parse("ALTER SYNC JOB j RESNAPSHOT (shop.o, shop.o)"))
        .hasMessageContaining("shop.o is named twice");
    assertThatThrownBy(() -> parse("ALTER SYNC JOB j RESNAPSHOT (shop.o"))
        .hasMessageContaining("close the list with ')'");
    assertThatThrownBy(() -> parse("ALTER SYNC JOB j RESNAPSHOT shop.o"))
        .hasMessageContaining("expected '('").hasMessageContaining(AlterClauses.RESNAPSHOT_HINT);
  }
}
