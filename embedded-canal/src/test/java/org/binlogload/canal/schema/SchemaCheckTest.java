package org.binlogload.canal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.otter.canal.parse.inbound.TableMeta;
import java.util.List;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.internal.schema.SchemaCheck;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {
  @Test
  void binlogNamesAreDecodedAsUtf8OnceAndOnlyOnce() {
    String raw = new String("v\u00e4lue_\u540d".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(SchemaCheck.binlogName(raw)).isEqualTo("v\u00e4lue_\u540d");
    assertThat(SchemaCheck.binlogName("v\u00e4lue")).isEqualTo("v\u00e4lue");
    assertThat(SchemaCheck.binlogName("v\u00e4lue_\u540d")).isEqualTo("v\u00e4lue_\u540d");
    assertThat(SchemaCheck.binlogName("plain_name")).isEqualTo("plain_name");
    assertThat(SchemaCheck.binlogName(null)).isNull();
  }

  private static final BinlogPosition AT = BinlogPosition.of("mysql-bin.000007", 4711);

  private static TableMeta meta(String... columns) {
    TableMeta m = new TableMeta();
    m.setSchema("shop");
    m.setTable("orders");
    m.setFields(new java.util.ArrayList<>());
    for (String c : columns) {
      m.addFieldMeta(new TableMeta.FieldMeta(c, "int(11)", true, false, null));
    }
    return m;
  }

  @Test
  void sameNamesInAnyCasePass() {
    assertThatCode(() -> SchemaCheck.verify(meta("id", "Name"), new String[] {"ID", "name"}, AT))
        .doesNotThrowAnyException();
  }

  @Test
  void noNamesInTheBinlogMeansNothingToCheck() {
    assertThatCode(() -> SchemaCheck.verify(meta("id", "name"), null, AT)).doesNotThrowAnyException();
    assertThatCode(() -> SchemaCheck.verify(meta("id", "name"), new String[] {null, null, null}, AT))
        .doesNotThrowAnyException();
  }

  @Test
  void anotherOrderOrCountStopsWithTableColumnsAndPosition() {
    for (String[] binlog : List.of(new String[] {"name", "id"}, new String[] {"z", "id", "name"},
        new String[] {"id"})) {
      assertThatThrownBy(() -> SchemaCheck.verify(meta("id", "name"), binlog, AT))
          .isInstanceOfSatisfying(BinlogException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(BinlogException.Reason.SCHEMA_MISMATCH);
            org.assertj.core.api.Assertions.assertThat(e.fatal()).isTrue();
          })
          .hasMessageContaining("`shop`.`orders` at mysql-bin.000007:4711")
          .hasMessageContaining("tracked columns [id, name], binlog columns " + List.of(binlog))
          .hasMessageContaining("start the job again from a position after the table's last DDL");
    }
  }
}
