package org.binlogload.canal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every collation id of the server maps to the server's character set, and each decodable character set reads every
 * code the server reads as the server does (its own conversion to UTF-32 is the truth); the rest are refused.
 */
@ExtendWith(MariaDbExtension.class)
class MysqlCharsetsTest {
  @Test
  void everyCollationIdOfTheServerNamesItsCharset(TestDatabase db) {
    List<List<Object>> ids = db.query("SELECT ID, CHARACTER_SET_NAME FROM"
        + " information_schema.COLLATION_CHARACTER_SET_APPLICABILITY ORDER BY ID");
    assertThat(ids).hasSizeGreaterThan(300);
    Map<Integer, String> wrong = new LinkedHashMap<>();
    for (List<Object> row : ids) {
      int id = ((Number) row.get(0)).intValue();
      if (!row.get(1).equals(MysqlCharsets.charset(id))) {
        wrong.put(id, row.get(1) + " but mapped to " + MysqlCharsets.charset(id));
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void unknownIdsAndCharsetsWithoutAnExactDecoderAreRefused() {
    assertThat(MysqlCharsets.refusal(272)).contains("collation id 272 is not one this reader knows");
    assertThat(MysqlCharsets.refusal(4000)).contains("collation id 4000");
    assertThat(MysqlCharsets.decoder(4000)).isNull();
    for (int id : new int[] {97, 32, 37, 3, 6, 10, 92}) { // eucjpms, armscii8, keybcs2, dec8, hp8, swe7, geostd8
      assertThat(MysqlCharsets.refusal(id)).as("collation " + id).contains("(collation id " + id + ")");
      assertThat(MysqlCharsets.decoder(id)).as("collation " + id).isNull();
    }
    for (int id : new int[] {0, 33, 45, 63, 255, 2048, 2304}) { // none, utf8mb3, utf8mb4, binary, uca1400
      assertThat(MysqlCharsets.refusal(id)).as("collation " + id).isNull();
      assertThat(MysqlCharsets.decoder(id)).as("collation " + id).isNull();
    }
    assertThat(MysqlCharsets.decoder(28).text(new byte[] {(byte) 0xd6, (byte) 0xd0})).isEqualTo("\u4e2d"); // gbk
    assertThat(MysqlCharsets.decoder(2560).text(new byte[] {0x4e, 0x2d})).isEqualTo("\u4e2d"); // ucs2 uca1400
    assertThatThrownBy(() -> MysqlCharsets.decoder(28).text(new byte[] {(byte) 0x81}))
        .isInstanceOf(TextDecoders.UndecodableText.class).hasMessageContaining("81").hasMessageContaining("gbk");
  }

  @Test
  void everyCodeTheServerReadsDecodesAsTheServerReadsIt(TestDatabase db) throws SQLException {
    List<List<Object>> charsets = db.query("SELECT s.CHARACTER_SET_NAME, c.ID, s.MAXLEN FROM"
        + " information_schema.CHARACTER_SETS s JOIN information_schema.COLLATIONS c"
        + " ON c.COLLATION_NAME = s.DEFAULT_COLLATE_NAME ORDER BY 1");
    List<String> checked = new ArrayList<>();
    Map<String, String> wrong = new LinkedHashMap<>();
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS codes");
      s.execute("CREATE TABLE codes (b VARBINARY(3) PRIMARY KEY)");
      for (List<Object> row : charsets) {
        String charset = (String) row.get(0);
        int id = ((Number) row.get(1)).intValue();
        int maxLength = ((Number) row.get(2)).intValue();
        ColumnType.Decoder d = MysqlCharsets.decoder(id);
        if (d == null || charset.startsWith("utf") || charset.equals("ucs2")) {
          continue; // UTF-8 (the reader's own path), refused, or a Unicode encoding (TextCharsetTest)
        }
        checked.add(charset);
        fill(s, maxLength);
        try (ResultSet r = s.executeQuery("SELECT b, HEX(CONVERT(CONVERT(b USING " + charset + ") USING utf32)),"
            + " CONVERT(CONVERT(b USING " + charset + ") USING binary) = b FROM codes")) {
          while (r.next()) {
            byte[] b = r.getBytes(1);
            String server = r.getString(2);
            boolean unmapped = server.equals("0000003F") && !(b.length == 1 && b[0] == '?')
                || server.contains("0000FFFD");
            if (!r.getBoolean(3) || unmapped) {
              continue; // not a well-formed code of the charset, or one the server cannot read either
            }
            String ours;
            try {
              ours = hex(d.text(b).getBytes("UTF-32BE"));
            } catch (TextDecoders.UndecodableText | java.io.UnsupportedEncodingException e) {
              ours = e.getMessage();
            }
            if (!server.equals(ours)) {
              wrong.put(charset + " " + hex(b), "server " + server + ", ours " + ours);
            }
          }
        }
      }
      s.execute("DROP TABLE codes");
    }
    assertThat(checked).contains("big5", "cp1251", "cp932", "euckr", "gb2312", "gbk", "greek", "koi8r", "latin1",
        "latin2", "sjis", "tis620", "ujis");
    Map<String, List<String>> byCharset = new LinkedHashMap<>();
    wrong.forEach((code, what) -> byCharset.computeIfAbsent(code.split(" ")[0], k -> new ArrayList<>())
        .add(code.split(" ")[1] + " " + what));
    Map<String, String> summary = new LinkedHashMap<>();
    byCharset.forEach((charset, codes) -> summary.put(charset, codes.size() + " codes, first "
        + codes.subList(0, Math.min(5, codes.size()))));
    assertThat(summary).isEmpty();
  }

  /** Every one-byte code, and for a multi-byte charset every two-byte code from 0x8020 and EUC's three-byte ones. */
  private static void fill(Statement s, int maxLength) throws SQLException {
    s.execute("DELETE FROM codes");
    s.execute("INSERT INTO codes SELECT UNHEX(LPAD(HEX(seq), 2, '0')) FROM seq_0_to_255");
    if (maxLength >= 2) {
      s.execute("INSERT INTO codes SELECT UNHEX(HEX(seq)) FROM seq_32800_to_65535");
    }
    if (maxLength >= 3) {
      s.execute("INSERT INTO codes SELECT UNHEX(CONCAT('8F', HEX(seq))) FROM seq_41377_to_65278 WHERE seq % 256 >= 161"
          + " AND seq % 256 <= 254");
    }
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02X", x & 0xff));
    }
    return sb.toString();
  }
}
