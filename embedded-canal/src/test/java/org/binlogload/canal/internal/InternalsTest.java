package org.binlogload.canal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.otter.canal.filter.aviater.AviaterRegexFilter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;
import org.junit.jupiter.api.Test;

class InternalsTest {
  @Test
  void cursorRoundTripsWithItsFormatVersionAndRefusesOthers() {
    Cursor c = new Cursor(BinlogPosition.of("mysql-bin.000002", 900, -1, "0-1-5,1-1-2", 1_700_000_000_000L, 1),
        BinlogPosition.of("mysql-bin.000002", 1200, 3, null, 1_700_000_000_500L, 1), true);
    byte[] bytes = c.encode("job");
    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("format=1").contains("acked=mysql-bin.000002:1200#3");
    Cursor back = Cursor.decode("job", bytes);
    assertThat(back).isEqualTo(c);
    assertThat(back.resume().gtidSet()).isEqualTo("0-1-5,1-1-2");
    assertThat(back.resume().timestampMillis()).isEqualTo(1_700_000_000_000L);
    assertThatThrownBy(() -> Cursor.decode("job", "format=2\nresume=f.1:4\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(BinlogException.class,
            e -> assertThat(e.reason()).isEqualTo(BinlogException.Reason.CORRUPT_STATE))
        .hasMessageContaining("job.cursor is format 2 is not 1");
  }

  @Test
  void enumAndSetMembersComeFromTheColumnType() {
    assertThat(ColumnType.members("enum('a','it''s','c,d')")).containsExactly("a", "it's", "c,d");
    ColumnType set = ColumnType.of("set('x','y','z')");
    assertThat(set.typed(5L, 1)).isEqualTo("x,z");
    assertThat(set.typed(0, 1)).isEqualTo("");
    assertThat(ColumnType.of("enum('r','g')").typed(2, 1)).isEqualTo("g");
    assertThat(ColumnType.of("bit(64)").typed(new java.math.BigInteger("18446744073709551615"), 8))
        .isEqualTo(new java.math.BigInteger("18446744073709551615"));
    assertThat(ColumnType.of("bit(64)").typed(Long.MAX_VALUE, 8)).isEqualTo(Long.MAX_VALUE);
    assertThat(ColumnType.parseDateTime("2024-02-29 23:59:58.1234"))
        .isEqualTo(LocalDateTime.parse("2024-02-29T23:59:58.1234"));
  }

  @Test
  void unsignedIntegersComeBackFromTheirNegativeBinlogValue() {
    assertThat(ColumnType.of("tinyint(3) unsigned").typed(-1, 1)).isEqualTo(255L);
    assertThat(ColumnType.of("mediumint(8) unsigned").typed(-1, 3)).isEqualTo(16777215L);
    assertThat(ColumnType.of("int(10) unsigned").typed(-2, 4)).isEqualTo(4294967294L);
    assertThat(ColumnType.of("bigint(20) unsigned").typed(-1L, 8))
        .isEqualTo(new java.math.BigInteger("18446744073709551615"));
    assertThat(ColumnType.of("int(11)").typed(-2, 4)).isEqualTo(-2L);
  }

  @Test
  void inet6AndUuidBecomeMariaDbsText() {
    assertThat(ColumnType.inet6(hex("20010db8000000000000000000000001"))).isEqualTo("2001:db8::1");
    assertThat(ColumnType.inet6(hex("00000000000000000000ffffc0000201"))).isEqualTo("::ffff:192.0.2.1");
    assertThat(ColumnType.inet6(hex("00000000000000000000000000000000"))).isEqualTo("::");
    assertThat(ColumnType.inet6(hex("00000000000000000000000000000001"))).isEqualTo("::1");
    assertThat(ColumnType.inet6(hex("20010db8000000010000000000000001"))).isEqualTo("2001:db8:0:1::1");
    assertThat(ColumnType.inet6(hex("20010db8000100010001000100010001"))).isEqualTo("2001:db8:1:1:1:1:1:1");
    assertThat(ColumnType.inet6(hex("20010000000100000000000000000001"))).isEqualTo("2001:0:1::1");
    assertThat(ColumnType.uuid(hex("123e4567e89b12d3a456426614174000")))
        .isEqualTo("123e4567-e89b-12d3-a456-426614174000");
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }

  @Test
  void includesBecomeAnEscapedCanalFilter() {
    String regex = Filters.regex(List.of("shop.orders", "my-db.*", "a$b.t"));
    AviaterRegexFilter filter = new AviaterRegexFilter(regex);
    assertThat(filter.filter("shop.orders")).isTrue();
    assertThat(filter.filter("shop.orders2")).isFalse();
    assertThat(filter.filter("shopxorders")).isFalse();
    assertThat(filter.filter("my-db.anything")).isTrue();
    assertThat(filter.filter("a$b.t")).isTrue();
    assertThat(new AviaterRegexFilter(Filters.regex(List.of())).filter("any.table")).isTrue();
  }

  @Test
  void tableFilterKeepsCanalsAnswersPastItsCapacity() {
    List<String> include = List.of("shop.orders", "my-db.*");
    AviaterRegexFilter canal = new AviaterRegexFilter(Filters.regex(include));
    TableFilter filter = new TableFilter(include);
    for (int round = 0; round < 2; round++) { // the second round answers from what the first kept
      for (int i = 0; i < TableFilter.MAX_NAMES + 10; i++) {
        String name = (i % 3 == 0 ? "shop.orders" : i % 3 == 1 ? "my-db.t" : "other.t") + (i % 7 == 0 ? "" : i);
        assertThat(filter.filter(name)).as(name).isEqualTo(canal.filter(name));
      }
    }
    assertThat(filter.filter("SHOP.ORDERS")).isEqualTo(canal.filter("SHOP.ORDERS")).isTrue();
    assertThat(filter.filter("shop.orders2")).isFalse();
  }

  @Test
  void mariaDbGtidListsThatCanalMisreadParse() {
    SafeMariaGtidSet empty = SafeMariaGtidSet.of("");
    empty.update("");
    assertThat(empty.toString()).isEmpty();
    SafeMariaGtidSet set = SafeMariaGtidSet.of("0-1-5");
    set.update("0-1-9,1-2-3");
    assertThat(set.toString().split(",")).containsExactlyInAnyOrder("0-1-9", "1-2-3");
    assertThat(SafeMariaGtidSet.of(SafeMariaGtidSet.EMPTY_SENTINEL).toString()).isEmpty();
  }

  @Test
  void mariaDbGtidSetTextFollowsEveryChange() {
    SafeMariaGtidSet set = SafeMariaGtidSet.of("0-1-5");
    assertThat(set.toString()).isEqualTo("0-1-5");
    set.update("0-1-6");
    assertThat(set.toString()).isEqualTo("0-1-6");
    set.add(new com.alibaba.otter.canal.parse.driver.mysql.packets.MariaGtid(2, 7, 40));
    assertThat(set.toString().split(",")).containsExactlyInAnyOrder("0-1-6", "2-7-40");
    com.alibaba.otter.canal.parse.driver.mysql.packets.MariaGTIDSet canal =
        com.alibaba.otter.canal.parse.driver.mysql.packets.MariaGTIDSet.parse("0-1-6,2-7-40");
    assertThat(set.toString()).isEqualTo(canal.toString()); // same order as Canal's own set
  }
}
