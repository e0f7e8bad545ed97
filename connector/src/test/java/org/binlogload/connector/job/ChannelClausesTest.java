package org.binlogload.connector.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.binlogload.connector.job.SyncStatementsTest.create;
import static org.binlogload.connector.job.SyncStatementsTest.parseCreate;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The channel clauses: INCLUDE / EXCLUDE of whole databases, schema patterns, and their errors. */
class ChannelClausesTest {
  @Test
  void excludeAndIncludeTakeNamesGlobsAndRegexps() {
    JobDefinition d = parseCreate(create("FROM shop.* INTO dw EXCLUDE (audit_log, tmp_*, `x-?`, "
        + "REGEXP \"bak_[0-9]+\")"));
    ChannelSpec c = d.channels().get(0);
    assertThat(c.filter().exclude()).containsExactly(NamePattern.glob("audit_log"), NamePattern.glob("tmp_*"),
        NamePattern.glob("x-?"), NamePattern.regexp("bak_[0-9]+"));
    assertThat(c.filter().takes("orders")).isTrue();
    assertThat(c.filter().takes("audit_log")).isFalse();
    assertThat(c.filter().takes("audit_log2")).isTrue();
    assertThat(c.filter().takes("tmp_")).isFalse();
    assertThat(c.filter().takes("tmp_x")).isFalse();
    assertThat(c.filter().takes("x-1")).isFalse();
    assertThat(c.filter().takes("bak_12")).isFalse();
    assertThat(c.filter().takes("bak_1x")).isTrue();
    assertThat(c.filter().reason("tmp_x")).isEqualTo("EXCLUDE (tmp_*)");
    assertThat(c.toString()).isEqualTo("shop.*->dw.* EXCLUDE (audit_log, tmp_*, x-?, REGEXP \"bak_[0-9]+\")");

    ChannelSpec inc = parseCreate(create("FROM shop.* INTO dw INCLUDE (orders, order_*) EXCLUDE (order_tmp)"))
        .channels().get(0);
    assertThat(inc.filter().takes("orders")).isTrue();
    assertThat(inc.filter().takes("order_items")).isTrue();
    assertThat(inc.filter().takes("order_tmp")).isFalse();
    assertThat(inc.filter().takes("users")).isFalse();
    assertThat(inc.filter().reason("users")).isEqualTo("not in INCLUDE (orders, order_*)");
  }

  @Test
  void schemaPatternMapsEachDatabaseIntoItsOwn() {
    JobDefinition d = parseCreate(create("FROM shop_*.* INTO dw_${db} EXCLUDE (audit_log), FROM crm.* INTO crm_dw"));
    ChannelSpec c = d.channels().get(0);
    assertThat(c.isSchemaPattern()).isTrue();
    assertThat(c.coversSchema("shop_eu")).isTrue();
    assertThat(c.coversSchema("shop")).isFalse();
    assertThat(c.targetDatabaseOf("shop_eu")).isEqualTo("dw_shop_eu");
    assertThat(c.toString()).isEqualTo("shop_*.*->dw_${db}.* EXCLUDE (audit_log)");
    assertThat(d.channels().get(1).isSchemaPattern()).isFalse();
    ChannelSpec one = parseCreate(create("FROM shop_?.* INTO dw_${db}")).channels().get(0);
    assertThat(one.coversSchema("shop_1")).isTrue();
    assertThat(one.coversSchema("shop_12")).isFalse();
    assertThat(parseCreate(create("FROM `shop_*`.* INTO `dw_${db}`")).channels().get(0)).isEqualTo(
        ChannelSpec.wholeDatabase("shop_*", "dw_${db}"));
  }

  @Test
  void maskedSqlRoundTripsFiltersAndPatterns() {
    JobDefinition d = parseCreate(create("FROM shop_*.* INTO dw_${db} INCLUDE (o*) EXCLUDE (REGEXP \"a\\\\\\\"b\"), "
        + "FROM crm.* INTO crm_dw EXCLUDE (audit_log)"));
    assertThat(d.channels().get(0).filter().exclude()).containsExactly(NamePattern.regexp("a\\\"b"));
    assertThat(parseCreate(SyncStatements.toMaskedSql(d).replace("******", "s3cret-pw"))).isEqualTo(d);
  }

  @Test
  void misplacedOrMalformedClausesNameTheFix() {
    assertThatThrownBy(() -> parseCreate(create("FROM shop.orders INTO o EXCLUDE (a)")))
        .hasMessage("line 1, column 51: EXCLUDE applies to a whole database; write FROM shop.* INTO doris_db "
            + "EXCLUDE (...)");
    assertThatThrownBy(() -> parseCreate(create("FROM shop_*.orders INTO o")))
        .hasMessage("line 1, column 32: a schema pattern (shop_*) takes whole databases; write FROM shop_*.* INTO "
            + "doris_db_${db}");
    assertThatThrownBy(() -> parseCreate(create("FROM shop_*.* INTO dw")))
        .hasMessage("line 1, column 46: schema pattern shop_*.* maps every matching database into its own Doris "
            + "database; name it with ${db}, e.g. INTO dw_${db}");
    assertThatThrownBy(() -> parseCreate(create("FROM shop.* INTO dw_${db}")))
        .hasMessage("line 1, column 32: ${db} names the source database of a schema pattern; write FROM shop_*.* "
            + "INTO dw_${db} or a plain Doris database name");
    assertThatThrownBy(() -> parseCreate(create("FROM shop.* INTO dw EXCLUDE (REGEXP \"a(\")")))
        .hasMessageStartingWith("line 1, column 63: REGEXP \"a(\" is not a valid regular expression: ");
    assertThatThrownBy(() -> parseCreate(create("FROM shop.* INTO dw EXCLUDE (a, a)")))
        .hasMessage("line 1, column 59: EXCLUDE lists a twice; keep one");
    assertThatThrownBy(() -> parseCreate(create("FROM shop.* INTO dw EXCLUDE (a) INCLUDE (b)")))
        .hasMessage("line 1, column 59: INCLUDE comes before EXCLUDE; write INCLUDE (...) EXCLUDE (...)");
    assertThatThrownBy(() -> parseCreate(create("FROM shop.* INTO dw EXCLUDE ()")))
        .hasMessage("line 1, column 56: expected a table name or pattern, found ')'; write EXCLUDE (tbl, tmp_*, "
            + "REGEXP \"log_[0-9]+\")");
  }

  @Test
  void aPatternCoversTheDatabasesItMatches() {
    assertThatThrownBy(() -> parseCreate(create("FROM shop_*.* INTO dw_${db}, FROM shop_eu.orders INTO o")))
        .hasMessageContaining("source shop_eu.orders is already covered by shop_*.*->dw_${db}.*");
    assertThatThrownBy(() -> parseCreate(create("FROM shop_eu.* INTO eu, FROM shop_*.* INTO dw_${db}")))
        .hasMessageContaining("source shop_eu.* is already covered by shop_*.*->dw_${db}.*");
    assertThat(parseCreate(create("FROM shop_*.* INTO dw_${db}, FROM crm.orders INTO o")).channels())
        .hasSize(2);
    assertThat(ChannelSpec.table("a", "t", "d", "t", List.of()).filter().isAll()).isTrue();
  }
}
