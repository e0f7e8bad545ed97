package org.binlogload.canal.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.otter.canal.parse.inbound.TableMeta;
import com.taobao.tddl.dbsync.binlog.LogEvent;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableMapCheckTest {
  private static TableMapLogEvent.ColumnInfo column(String name, int type, int charset, List<String> members) {
    TableMapLogEvent.ColumnInfo c = new TableMapLogEvent.ColumnInfo();
    c.name = name;
    c.type = type;
    c.charset = charset;
    c.set_enum_values = members;
    return c;
  }

  private static TableMeta meta(String... nameAndType) {
    List<TableMeta.FieldMeta> fields = new java.util.ArrayList<>();
    for (int i = 0; i < nameAndType.length; i += 2) {
      fields.add(new TableMeta.FieldMeta(nameAndType[i], nameAndType[i + 1], true, false, null));
    }
    return new TableMeta("s", "t", fields);
  }

  @Test
  void aDefinitionThatDecodesTheTableMapAlikePasses() {
    TableMapLogEvent.ColumnInfo[] binlog = {column("id", LogEvent.MYSQL_TYPE_LONG, 0, null),
        column("v", LogEvent.MYSQL_TYPE_VARCHAR, 45, null), column("b", LogEvent.MYSQL_TYPE_BLOB, 63, null),
        column("e", LogEvent.MYSQL_TYPE_ENUM, 45, List.of("a", "it's"))};
    assertThat(TableMapCheck.difference(meta("id", "int(11)", "v", "varchar(20)", "b", "blob", "e",
        "enum('a','it''s')"), binlog)).isNull();
  }

  @Test
  void namesTypesAndMembersThatDifferAreNamed() {
    TableMapLogEvent.ColumnInfo[] binlog = {column("id", LogEvent.MYSQL_TYPE_LONG, 0, null),
        column("v", LogEvent.MYSQL_TYPE_VARCHAR, 45, null)};
    assertThat(TableMapCheck.difference(meta("id", "int(11)"), binlog))
        .isEqualTo("the binlog has 2 columns [id, v], the definition 1");
    assertThat(TableMapCheck.difference(meta("id", "int(11)", "w", "varchar(20)"), binlog))
        .isEqualTo("column 2 is v in the binlog, w in the definition");
    assertThat(TableMapCheck.difference(meta("id", "int(11)", "v", "int(11)"), binlog))
        .isEqualTo("column v: the binlog has type 15 (charset 45), the definition int(11)");
    assertThat(TableMapCheck.difference(meta("id", "int(11)", "v", "varbinary(20)"), binlog))
        .isEqualTo("column v: the binlog has type 15 (charset 45), the definition varbinary(20)");
    TableMapLogEvent.ColumnInfo[] e = {column("e", LogEvent.MYSQL_TYPE_ENUM, 45, List.of("a", "b"))};
    assertThat(TableMapCheck.difference(meta("e", "enum('b','a')"), e))
        .isEqualTo("column e: the binlog has members [a, b], the definition enum('b','a')");
    TableMapLogEvent.ColumnInfo[] u = {column("n", LogEvent.MYSQL_TYPE_LONGLONG, 0, null)};
    assertThat(TableMapCheck.difference(meta("n", "bigint(20) unsigned"), u))
        .isEqualTo("column n: the binlog has it signed, the definition bigint(20) unsigned");
  }

  @Test
  void charsetsAreNotBelievedInATableWithAnEnumOrSetColumn() {
    // Canal reads ENUM_AND_SET_DEFAULT_CHARSET over DEFAULT_CHARSET: the BINARY(4) column of a table whose default
    // charset is binary came out as utf8mb4 (45), the ENUM columns' default (seen on MariaDB 10.11)
    TableMapLogEvent.ColumnInfo[] binlog = {column("e", LogEvent.MYSQL_TYPE_ENUM, 45, List.of("a")),
        column("bin", LogEvent.MYSQL_TYPE_STRING, 45, null), column("c", LogEvent.MYSQL_TYPE_STRING, 45, null)};
    assertThat(TableMapCheck.difference(meta("e", "enum('a')", "bin", "binary(4)", "c", "char(5)"), binlog)).isNull();
    assertThat(TableMapCheck.difference(meta("e", "enum('a')", "bin", "int(11)", "c", "char(5)"), binlog))
        .isEqualTo("column bin: the binlog has type 254, the definition int(11)");
    TableMapLogEvent.ColumnInfo[] mariadb = {column("ip", LogEvent.MYSQL_TYPE_STRING, 63, null),
        column("u", LogEvent.MYSQL_TYPE_STRING, 63, null)};
    assertThat(TableMapCheck.difference(meta("ip", "inet6", "u", "uuid"), mariadb)).as("MariaDB's INET6 and UUID")
        .isNull();
    TableMapLogEvent.ColumnInfo[] noEnum = {column("bin", LogEvent.MYSQL_TYPE_STRING, 45, null)};
    assertThat(TableMapCheck.difference(meta("bin", "binary(4)"), noEnum))
        .isEqualTo("column bin: the binlog has type 254 (charset 45), the definition binary(4)");
  }
}
