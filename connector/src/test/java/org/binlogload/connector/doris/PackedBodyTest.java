package org.binlogload.connector.doris;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.connector.load.PackedRows;
import org.junit.jupiter.api.Test;

/** A load body encoded straight from packed rows is the body of the same rows encoded one LoadRow at a time. */
class PackedBodyTest {
  private static final LoadColumns COLUMNS = LoadColumns.of(List.of("id", "i", "s", "b", "txt", "dec", "bigdec",
      "dt", "d", "dbl", "flt", "bool", "bin", "bigint", "t", "ts", DorisConfig.DELETE_SIGN_COLUMN, "n")); // the row's own delete flag wins over that column

  @Test
  void packedRowsEncodeAsTheirValuesDo() throws IOException {
    SplittableRandom r = new SplittableRandom(7);
    List<LoadRow> rows = new ArrayList<>();
    for (int k = 0; k < 3000; k++) {
      rows.add(LoadRow.of(COLUMNS, values(r, k), k % 7 == 0, 1000L + k, null));
    }
    LoadColumns other = LoadColumns.of(List.of("id", "m"));
    rows.add(LoadRow.of(other, new Object[] {1L, Map.of("k", List.of(1, "x"))}, false, 5000, null)); // kept, not packed
    rows.add(LoadRow.of(COLUMNS, values(r, 3001), true, 5001, null));
    PackedRows packed = new PackedRows();
    rows.forEach(packed::add);
    List<LoadRow> view = packed.head(packed.size());

    for (String sequence : new String[] {DorisConfig.HIDDEN_SEQUENCE_COLUMN, "seq"}) {
      for (BinaryEncoding binary : BinaryEncoding.values()) {
        String expected = body(RowSource.of(rows::iterator), sequence, binary); // not a view: LoadRow by LoadRow
        assertThat(body(RowSource.of(view), sequence, binary)).isEqualTo(expected);
      }
    }
  }

  private static String body(RowSource source, String sequence, BinaryEncoding binary) throws IOException {
    RowBodyStream s = new RowBodyStream(source, new JsonRowEncoder(sequence, binary));
    return new String(s.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static Object[] values(SplittableRandom r, int k) {
    String[] texts = {"", "plain", "quote \" and \\ back", "line\nbreak\ttab", "é ß 中文 😀", "\ud800 lone", "\u0001ctl",
        "x".repeat(300)};
    Object[] v = new Object[COLUMNS.size()];
    v[0] = (long) k;
    v[1] = k % 3 == 0 ? (Object) r.nextInt() : k % 3 == 1 ? (Object) (short) r.nextInt(1 << 15) : (Object) (byte) k;
    v[2] = texts[k % texts.length];
    v[3] = k % 5 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE - k;
    v[4] = texts[(k + 3) % texts.length] + k;
    // scales 0-23, up to 19 digits: the fast text and the slow one, where toString() would write an exponent
    v[5] = k % 23 == 0 ? BigDecimal.valueOf(k % 10 + 1, 19 + k % 5) : BigDecimal.valueOf(r.nextLong(), k % 20);
    v[6] = new BigDecimal(new BigInteger("123456789012345678901234567890").add(BigInteger.valueOf(k)), k % 9);
    v[7] = LocalDateTime.of(k % 2 == 0 ? 2026 : 10_000 + k, 1 + k % 12, 1 + k % 28, k % 24, k % 60, k % 60,
        (k % 4) * 123_456_789);
    v[8] = LocalDate.of(k % 11 == 0 ? -5 : 1999, 1 + k % 12, 1 + k % 28);
    v[9] = k % 13 == 0 ? Double.NaN : k % 17 == 0 ? Double.NEGATIVE_INFINITY : r.nextDouble() * 1e6;
    v[10] = k % 19 == 0 ? Float.POSITIVE_INFINITY : (float) r.nextDouble();
    v[11] = k % 2 == 0;
    v[12] = new byte[] {(byte) k, 0, (byte) 0xff};
    v[13] = new BigInteger("18446744073709551615").add(BigInteger.valueOf(k));
    v[14] = LocalTime.of(k % 24, k % 60, k % 60, (k % 2) * 500_000_000);
    v[15] = Instant.ofEpochSecond(1_700_000_000L + k, (k % 1000) * 1000L);
    v[16] = (long) k;
    v[17] = null;
    return v;
  }
}
