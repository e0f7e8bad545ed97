package org.binlogload.canal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.druid.VERSION;
import com.alibaba.otter.canal.parse.inbound.mysql.ddl.DdlResult;
import com.alibaba.otter.canal.parse.inbound.mysql.ddl.DruidDdlParser;
import com.alibaba.otter.canal.protocol.CanalEntry.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Canal 1.1.7's DDL parser (built against druid 1.2.17) works with the project's druid 1.2.28. */
class DruidWithCanalTest {
  private static DdlResult one(String sql) {
    List<DdlResult> r = DruidDdlParser.parse(sql, "s");
    assertThat(r).as(sql).hasSize(1);
    return r.get(0);
  }

  @Test
  void druidIsThe128Line() {
    assertThat(VERSION.getVersionNumber()).isEqualTo("1.2.28");
  }

  @Test
  void everyDdlKindParses() {
    assertThat(one("CREATE TABLE t (id INT PRIMARY KEY, v JSON)").getType()).isEqualTo(EventType.CREATE);
    DdlResult alter = one("ALTER TABLE `s`.`t` ADD COLUMN x INT FIRST");
    assertThat(alter.getType()).isEqualTo(EventType.ALTER);
    assertThat(alter.getSchemaName()).isEqualTo("s");
    assertThat(alter.getTableName()).isEqualTo("t");
    assertThat(one("ALTER TABLE t CHANGE COLUMN a b VARCHAR(20)").getType()).isEqualTo(EventType.ALTER);
    assertThat(one("ALTER TABLE t RENAME COLUMN a TO b").getType()).isEqualTo(EventType.ALTER);
    assertThat(one("ALTER TABLE t DROP CHECK c1").getTableName()).isEqualTo("t");
    DdlResult rename = one("RENAME TABLE t TO t2");
    assertThat(rename.getType()).isEqualTo(EventType.RENAME);
    assertThat(rename.getTableName()).isEqualTo("t2");
    assertThat(rename.getOriTableName()).isEqualTo("t");
    assertThat(one("TRUNCATE TABLE t").getType()).isEqualTo(EventType.TRUNCATE);
    assertThat(one("DROP TABLE t").getType()).isEqualTo(EventType.ERASE);
    assertThat(one("CREATE INDEX i ON t (a)").getType()).isEqualTo(EventType.CINDEX);
    assertThat(one("DROP INDEX i ON t").getType()).isEqualTo(EventType.DINDEX);
  }
}
