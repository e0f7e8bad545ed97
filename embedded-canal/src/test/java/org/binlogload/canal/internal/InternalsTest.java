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
    assertThat(ColumnCodec.members("enum('a','it''s','c,d')")).containsExactly("a", "it's", "c,d");
    ColumnCodec set = ColumnCodec.forType("set('x','y','z')");
    assertThat(set.decode("5", java.sql.Types.BIT)).isEqualTo("x,z");
    assertThat(set.decode("0", java.sql.Types.BIT)).isEqualTo("");
    assertThat(ColumnCodec.forType("enum('r','g')").decode("2", java.sql.Types.INTEGER)).isEqualTo("g");
    assertThat(ColumnCodec.forType("bit(64)").decode("18446744073709551615", java.sql.Types.BIT))
        .isEqualTo(new java.math.BigInteger("18446744073709551615"));
    assertThat(ColumnCodec.forType("bit(64)").decode("9223372036854775807", java.sql.Types.BIT))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(ColumnCodec.parseDateTime("2024-02-29 23:59:58.1234"))
        .isEqualTo(LocalDateTime.parse("2024-02-29T23:59:58.1234"));
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
  void mariaDbGtidListsThatCanalMisreadParse() {
    SafeMariaGtidSet empty = SafeMariaGtidSet.of("");
    empty.update("");
    assertThat(empty.toString()).isEmpty();
    SafeMariaGtidSet set = SafeMariaGtidSet.of("0-1-5");
    set.update("0-1-9,1-2-3");
    assertThat(set.toString().split(",")).containsExactlyInAnyOrder("0-1-9", "1-2-3");
    assertThat(SafeMariaGtidSet.of(SafeMariaGtidSet.EMPTY_SENTINEL).toString()).isEmpty();
  }
}
