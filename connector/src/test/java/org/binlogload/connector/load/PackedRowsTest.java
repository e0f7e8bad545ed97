package org.binlogload.connector.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.binlogload.canal.BinlogPosition;
import org.junit.jupiter.api.Test;

class PackedRowsTest {
  private static final LoadColumns ONE = LoadColumns.of(List.of("v"));

  private static LoadRow row(LoadColumns columns, long n, Object... values) {
    return LoadRow.of(columns, values, n % 3 == 0, 1000 + n, BinlogPosition.row("mysql-bin.000001", 4 + n, 0));
  }

  private static void assertSameRow(LoadRow actual, LoadRow expected) {
    assertThat(actual.columns()).isSameAs(expected.columns());
    assertThat(actual.isDelete()).isEqualTo(expected.isDelete());
    assertThat(actual.sequence()).isEqualTo(expected.sequence());
    assertThat(actual.position()).isEqualTo(expected.position());
    for (int i = 0; i < expected.columns().size(); i++) {
      Object e = expected.value(i);
      Object a = actual.value(i);
      if (e instanceof byte[] b) {
        assertThat((byte[]) a).isEqualTo(b);
      } else {
        assertThat(a).as("column %d", i).isEqualTo(e);
        assertThat(a == null ? null : a.getClass()).isEqualTo(e == null ? null : e.getClass());
      }
    }
  }

  @Test
  void everyPackedTypeComesBackAsItWas() {
    List<Object> values = Arrays.asList(null, Long.MIN_VALUE, Long.MAX_VALUE, 0L, Integer.MIN_VALUE, -1,
        (short) -32768, (byte) 127, "", "plain ascii", "é中文\u0000", "emoji \uD83D\uDE00", "lone \uD800 surrogate \uDFFF",
        new BigDecimal("12345678.90"), new BigDecimal("-0.000001"), new BigDecimal("1E+5"),
        new BigDecimal("123456789012345678901234567890.123456789"), LocalDateTime.of(2026, 12, 3, 23, 59, 59, 123456000),
        LocalDateTime.of(1, 1, 1, 0, 0), LocalDate.of(9999, 12, 31), LocalDate.of(1000, 1, 1), 1.5e300, -0.0,
        Double.NaN, 3.25f, Float.NEGATIVE_INFINITY, true, false, new byte[] {0, -1, 127, -128}, new byte[0],
        new BigInteger("170141183460469231731687303715884105727"), LocalTime.of(23, 59, 59, 999999000),
        Instant.ofEpochSecond(-1, 999_999_999));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      names.add("c" + i);
    }
    LoadColumns columns = LoadColumns.of(names);
    PackedRows rows = new PackedRows();
    LoadRow in = row(columns, 3, values.toArray());
    rows.add(in);
    assertSameRow(rows.head(1).get(0), in);
    assertThat(rows.estimatedBytes()).isEqualTo(in.estimatedBytes());
  }

  @Test
  void aRowWithAValueOfAnotherTypeIsKeptAsItIs() {
    PackedRows rows = new PackedRows();
    LoadRow json = row(ONE, 1, Map.of("a", 1));
    LoadRow offset = row(ONE, 2, OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(8)));
    LoadRow plain = row(ONE, 3, "x");
    rows.add(json);
    rows.add(plain);
    rows.add(offset);
    List<LoadRow> view = rows.head(3);
    assertThat(view.get(0)).isSameAs(json);
    assertSameRow(view.get(1), plain);
    assertThat(view.get(2)).isSameAs(offset);
  }

  @Test
  void aViewStaysAsItWasWhileRowsAreAddedAndDroppedAcrossPages() {
    PackedRows rows = new PackedRows();
    List<LoadRow> added = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      // rows of many sizes, one larger than a page, so rows straddle pages
      String text = i == 1234 ? "x".repeat(3 * PackedRows.PAGE) : "row " + i + " " + "y".repeat(i % 300);
      LoadRow r = row(ONE, i, text);
      added.add(r);
      rows.add(r);
    }
    List<LoadRow> view = rows.head(3000);
    for (int i = 5000; i < 9000; i++) {
      LoadRow r = row(ONE, i, "later " + i);
      added.add(r);
      rows.add(r);
    }
    long expected = 0;
    for (LoadRow r : added.subList(0, 2000)) {
      expected += r.estimatedBytes();
    }
    assertThat(rows.dropHead(2000)).isEqualTo(expected);
    assertThat(view).hasSize(3000);
    for (int i = 0; i < 3000; i++) {
      assertSameRow(view.get(i), added.get(i));
    }
    assertThat(rows.size()).isEqualTo(7000);
    assertThat(rows.position(0)).isEqualTo(added.get(2000).position());
    List<LoadRow> rest = rows.head(7000);
    for (int i = 0; i < 7000; i++) {
      assertSameRow(rest.get(i), added.get(2000 + i));
    }
    long left = 0;
    for (LoadRow r : added.subList(2000, 9000)) {
      left += r.estimatedBytes();
    }
    assertThat(rows.estimatedBytes()).isEqualTo(left);
  }

  @Test
  void droppingEveryRowFreesEveryPage() {
    PackedRows rows = new PackedRows();
    for (int i = 0; i < 2000; i++) {
      rows.add(row(ONE, i, "z".repeat(100)));
    }
    assertThat(rows.pages()).isGreaterThan(1);
    rows.dropHead(1000);
    assertThat(rows.pages()).isLessThan(4);
    rows.clear();
    assertThat(rows.pages()).isZero();
    assertThat(rows.estimatedBytes()).isZero();
    LoadRow next = row(ONE, 7, "after");
    rows.add(next);
    assertSameRow(rows.head(1).get(0), next);
  }

  @Test
  void aViewKnowsItsShapesWithoutUnpacking() {
    LoadColumns two = LoadColumns.of(List.of("v", "w"));
    PackedRows rows = new PackedRows();
    rows.add(row(ONE, 1, "a"));
    rows.add(row(two, 2, "b", 1L));
    rows.add(row(ONE, 3, Map.of()));
    assertThat(PackedRows.shapesOf(rows.head(3))).containsExactly(ONE, two);
    assertThat(PackedRows.shapesOf(List.of())).isNull();
  }
}
