package org.binlogload.connector.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.binlogload.ddl.NameMapping;
import org.junit.jupiter.api.Test;

class NamePropertiesTest {
  @Test
  void parsesTablesColumnsAndQuotedNames() {
    NameMapping m = NameProperties.parse("_prisma_migrations=prisma_migrations, orders.mv_total=total_mv, "
        + "`t.2`=t2, `a b`.`x y`=x_y", false);
    assertThat(m.dorisTable("_prisma_migrations")).isEqualTo("prisma_migrations");
    assertThat(m.dorisColumn("orders", "mv_total")).isEqualTo("total_mv");
    assertThat(m.dorisTable("t.2")).isEqualTo("t2");
    assertThat(m.dorisColumn("a b", "x y")).isEqualTo("x_y");
    assertThat(m.dorisColumn("orders", "other")).isEqualTo("other");
    assertThat(NameProperties.mapping(Map.of())).isEqualTo(NameMapping.none());
  }

  @Test
  void badEntriesSayWhatIsWrong() {
    assertThatThrownBy(() -> NameProperties.parse("a", false))
        .hasMessage("name_mapping entry \"a\" is not source=doris_name (table=doris_table or table.column=doris_column)");
    assertThatThrownBy(() -> NameProperties.parse("a=1st", false))
        .hasMessageStartingWith("name_mapping entry \"a=1st\": Doris rejects the table name \"1st\": ");
    assertThatThrownBy(() -> NameProperties.parse("t.c=mv_c", false))
        .hasMessageStartingWith("name_mapping entry \"t.c=mv_c\": Doris rejects the column name \"mv_c\": ");
    assertThatThrownBy(() -> NameProperties.parse("a.b.c=x", false)).hasMessageContaining("quote a name holding a dot");
    assertThatThrownBy(() -> NameProperties.parse("a=x, b=x", false)).hasMessageContaining("both map to Doris table x");
    assertThatThrownBy(() -> NameProperties.parse("`a=x", false)).hasMessageContaining("unclosed backquote");
    assertThatThrownBy(() -> NameProperties.parse(" , ", false)).hasMessageContaining("name_mapping is empty");
    assertThat(NameProperties.parse("t=名前", true).dorisTable("t")).isEqualTo("名前");
  }
}
