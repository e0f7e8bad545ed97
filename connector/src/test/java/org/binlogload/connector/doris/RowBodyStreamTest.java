package org.binlogload.connector.doris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.LoadRow;
import org.junit.jupiter.api.Test;

class RowBodyStreamTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void encodesValuesWithoutLosingPrecision() throws IOException {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", 7L);
    v.put("price", new BigDecimal("12345678901234567890.123456789"));
    v.put("big", new BigInteger("18446744073709551615"));
    v.put("d", LocalDate.of(2024, 2, 29));
    v.put("dt", LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_789));
    v.put("dt0", LocalDateTime.of(2024, 1, 1, 0, 0));
    v.put("t", LocalTime.of(1, 2, 3, 500_000_000));
    v.put("bin", new byte[] {0, 1, (byte) 0xff});
    v.put("flag", true);
    v.put("f", 1.5d);
    v.put("s", "a \"quoted\"\nline é");
    v.put("n", null);
    RowBodyStream body = new RowBodyStream(RowSource.of(List.of(LoadRow.upsert(v, 42))),
        new JsonRowEncoder(DorisConfig.HIDDEN_SEQUENCE_COLUMN, BinaryEncoding.BASE64));
    String text = readAll(body);
    assertThat(text).endsWith("\n").doesNotContain("\n{");
    JsonNode n = MAPPER.readTree(text);
    assertThat(n.get("id").asLong()).isEqualTo(7);
    assertThat(n.get("price").asText()).isEqualTo("12345678901234567890.123456789");
    assertThat(n.get("big").asText()).isEqualTo("18446744073709551615");
    assertThat(n.get("d").asText()).isEqualTo("2024-02-29");
    assertThat(n.get("dt").asText()).isEqualTo("2024-02-29 23:59:58.123456");
    assertThat(n.get("dt0").asText()).isEqualTo("2024-01-01 00:00:00");
    assertThat(n.get("t").asText()).isEqualTo("01:02:03.5");
    assertThat(n.get("bin").asText()).isEqualTo("AAH/");
    assertThat(n.get("flag").asBoolean()).isTrue();
    assertThat(n.get("s").asText()).isEqualTo("a \"quoted\"\nline é");
    assertThat(n.get("n").isNull()).isTrue();
    assertThat(n.get("__DORIS_DELETE_SIGN__").asInt()).isZero();
    assertThat(n.get(DorisConfig.SEQUENCE_SOURCE_FIELD).asLong()).isEqualTo(42);
    assertThat(body.rowCount()).isEqualTo(1);
    assertThat(body.bytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void doublesAndFloatsReadBackAsTheSameValue() throws IOException {
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    LoadColumns columns = LoadColumns.of(List.of("d", "f"));
    List<LoadRow> rows = new java.util.ArrayList<>();
    List<double[]> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      double d = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble() * Math.pow(10,
          random.nextInt(-20, 20));
      float f = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) (random.nextDouble() * 1000);
      if (Double.isNaN(d) || Double.isInfinite(d) || Float.isNaN(f) || Float.isInfinite(f)) {
        continue;
      }
      rows.add(LoadRow.of(columns, new Object[] {d, f}, false, i, null));
      expected.add(new double[] {d, f});
    }
    String[] lines = readAll(new RowBodyStream(RowSource.of(rows), new JsonRowEncoder(null, BinaryEncoding.HEX)))
        .split("\n");
    assertThat(lines).hasSize(expected.size());
    for (int i = 0; i < lines.length; i++) {
      JsonNode n = MAPPER.readTree(lines[i]);
      assertThat(Double.parseDouble(n.get("d").asText())).isEqualTo(expected.get(i)[0]);
      assertThat(Float.parseFloat(n.get("f").asText())).isEqualTo((float) expected.get(i)[1]);
    }
  }

  @Test
  void deleteSetsTheSignAndHexEncodesBinaries() throws IOException {
    RowBodyStream body = new RowBodyStream(
        RowSource.of(List.of(LoadRow.delete(Map.of("id", 1, "b", new byte[] {(byte) 0xab, 0x01}), 9))),
        new JsonRowEncoder(null, BinaryEncoding.HEX));
    JsonNode n = MAPPER.readTree(readAll(body));
    assertThat(n.get("__DORIS_DELETE_SIGN__").asInt()).isEqualTo(1);
    assertThat(n.has(DorisConfig.SEQUENCE_SOURCE_FIELD)).isFalse();
    assertThat(n.get("b").asText()).isEqualTo("AB01");
  }

  @Test
  void binariesOfEverySizeAreHexEncodedWhole() throws IOException {
    LoadColumns columns = LoadColumns.of(List.of("b"));
    List<LoadRow> rows = new java.util.ArrayList<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    int[] sizes = {0, 1, 31, 32, 33, 1000, 32 * 1024, 32 * 1024 + 1, 200_000, 5};
    List<byte[]> values = new java.util.ArrayList<>();
    for (int n : sizes) {
      byte[] b = new byte[n];
      random.nextBytes(b);
      values.add(b);
      rows.add(LoadRow.of(columns, new Object[] {b}, false, 1, null));
    }
    String[] lines = readAll(new RowBodyStream(RowSource.of(rows), new JsonRowEncoder(null, BinaryEncoding.HEX)))
        .split("\n");
    assertThat(lines).hasSize(sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      assertThat(MAPPER.readTree(lines[i]).get("b").asText()).isEqualTo(java.util.HexFormat.of().withUpperCase()
          .formatHex(values.get(i)));
    }
  }

  @Test
  void aNamedSequenceColumnKeepsTheRowsOwnValue() throws IOException {
    RowBodyStream body = new RowBodyStream(RowSource.of(List.of(LoadRow.upsert(Map.of("id", 1, "updated", 77), 9))),
        new JsonRowEncoder("updated", BinaryEncoding.HEX));
    JsonNode n = MAPPER.readTree(readAll(body));
    assertThat(n.get("updated").asInt()).isEqualTo(77);
    assertThat(n.has(DorisConfig.SEQUENCE_SOURCE_FIELD)).isFalse();
  }

  @Test
  void pullsRowsLazilyAndBuffersLittle() throws IOException {
    AtomicInteger produced = new AtomicInteger();
    int total = 100_000;
    RowSource source = () -> new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < total;
      }

      @Override
      public LoadRow next() {
        if (i >= total) {
          throw new NoSuchElementException();
        }
        produced.incrementAndGet();
        i++;
        return LoadRow.upsert(Map.of("id", i, "name", "row-" + i), i);
      }
    };
    RowBodyStream body = new RowBodyStream(source, new JsonRowEncoder(DorisConfig.HIDDEN_SEQUENCE_COLUMN,
        BinaryEncoding.BASE64));
    assertThat(produced.get()).isZero();
    byte[] first = new byte[100];
    assertThat(body.read(first, 0, 100)).isEqualTo(100);
    assertThat(produced.get()).isLessThan(total / 10);
    long rest = body.transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(produced.get()).isEqualTo(total);
    assertThat(100 + rest).isEqualTo(body.bytes()).isGreaterThan(4_000_000L);
    assertThat(body.peakBuffered()).isLessThan(RowBodyStream.CHUNK + 1024);
  }

  @Test
  void anUnsupportedValueFailsTheReadNamingColumnAndRow() {
    RowBodyStream body = new RowBodyStream(RowSource.of(List.of(LoadRow.upsert(Map.of("x", new Object()), 1))),
        new JsonRowEncoder(null, BinaryEncoding.BASE64));
    assertThatThrownBy(() -> readAll(body)).isInstanceOf(IOException.class)
        .hasMessageContaining("column x of row 1 has unsupported type java.lang.Object");
    assertThat(body.failure()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rowsSharingColumnsAreWrittenByteForByteAsBefore() throws IOException {
    LoadColumns shared = LoadColumns.of(List.of("id", "na\"me", "\u8ba2\u5355", "ctl\u0001", "__DORIS_DELETE_SIGN__"));
    List<LoadRow> rows = List.of(
        LoadRow.of(shared, new Object[] {1L, "a\"b", null, new byte[] {(byte) 0xab}, 7}, false, 10, null),
        LoadRow.of(shared, new Object[] {2L, "\u00e9", BigDecimal.ONE, null, 7}, true, 11, null),
        LoadRow.upsert(Map.of("other", 3), 12));
    RowBodyStream body = new RowBodyStream(RowSource.of(rows),
        new JsonRowEncoder(DorisConfig.HIDDEN_SEQUENCE_COLUMN, BinaryEncoding.HEX));
    assertThat(readAll(body)).isEqualTo("""
        {"id":1,"na\\"me":"a\\"b","\u8ba2\u5355":null,"ctl\\u0001":"AB","__DORIS_DELETE_SIGN__":0,"__binlog_load_seq":10}
        {"id":2,"na\\"me":"\u00e9","\u8ba2\u5355":"1","ctl\\u0001":null,"__DORIS_DELETE_SIGN__":1,"__binlog_load_seq":11}
        {"other":3,"__DORIS_DELETE_SIGN__":0,"__binlog_load_seq":12}
        """);
  }
}
